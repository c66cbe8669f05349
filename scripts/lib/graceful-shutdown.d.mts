import type { Server } from "node:http";

export function closeGracefully(server: Server, options: { deadlineMs: number }): Promise<void>;
