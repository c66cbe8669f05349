// Stopping Gatehouse's HTTP server without dropping work: plain JavaScript, shared by the
// production server (scripts/lib/http-server.mjs) and its test.

/**
 * Stops accepting connections, lets requests in flight finish for up to `deadlineMs`, then cuts
 * whatever is left. Idle keep-alive connections are closed at once, so a browser holding one
 * open does not keep the process alive. Resolves when the server has closed.
 * @param {import("node:http").Server} server
 * @param {{ deadlineMs: number }} options
 * @returns {Promise<void>}
 */
export function closeGracefully(server, { deadlineMs }) {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    const deadline = setTimeout(() => server.closeAllConnections(), deadlineMs);
    deadline.unref();
    // A connection that finishes its last response while closing is idle: close it too.
    server.on("request", (_request, response) => response.on("finish", () => server.closeIdleConnections()));
  });
}
