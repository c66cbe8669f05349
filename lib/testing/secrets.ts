// Test-only: secrets for a test process, generated once per run (never the development ones).
import { randomBytes } from "node:crypto";
import { newSecrets } from "../../scripts/lib/secrets.ts";

/**
 * Puts fresh secrets into process.env unless the run already has them, with the peer secret
 * Gatehouse's HTTP server would generate (tests prove their peer address with it).
 */
export function useTestSecrets(): void {
  const secrets = { ...newSecrets(), GATEHOUSE_PEER_SECRET: randomBytes(32).toString("base64url") };
  for (const [name, value] of Object.entries(secrets)) process.env[name] ||= value;
}
