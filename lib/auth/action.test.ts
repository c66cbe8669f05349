// Threat: a server action that forgets the origin check, so a page on another site (or the
// same host over another scheme) can make a signed-in browser change state. runAction checks
// it before the action's body runs; middleware's own check is not relied on.
import { beforeEach, describe, expect, it, vi } from "vitest";

// Next's request scope does not exist outside a server; the action runner reads headers() from it.
const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({ headers: async () => request.headers }));

const { runAction } = await import("./action");
const { PEER_HEADER, PEER_PROOF_HEADER, peerProof } = await import("@/lib/net/request");
const { peerEnv } = await import("@/lib/env");

async function fromBrowser(values: Record<string, string>) {
  request.headers = new Headers({ ...values, host: "127.0.0.1:3000", [PEER_HEADER]: "127.0.0.1", [PEER_PROOF_HEADER]: await peerProof("127.0.0.1", peerEnv().peerSecret!) });
}

describe("runAction refuses a cross-origin request before the action runs", () => {
  let ran: boolean;
  const action = () =>
    runAction(async () => {
      ran = true;
    });
  beforeEach(() => {
    ran = false;
  });

  for (const [label, headers] of [
    ["another scheme on the same host", { origin: "https://127.0.0.1:3000" }],
    ["a client-sent X-Forwarded-Host naming the attacker", { origin: "https://evil.test", "x-forwarded-host": "evil.test", "x-forwarded-proto": "https" }],
    ["no Origin", {}],
    ["Origin: null", { origin: "null" }],
  ] as const) {
    it(`refuses ${label}`, async () => {
      await fromBrowser(headers);
      expect(await action()).toEqual({ ok: false, code: "FORBIDDEN", message: "Cross-site request refused." });
      expect(ran).toBe(false);
    });
  }

  it("runs the action for the page's own origin", async () => {
    await fromBrowser({ origin: "http://127.0.0.1:3000" });
    expect(await action()).toEqual({ ok: true, data: undefined });
    expect(ran).toBe(true);
  });
});
