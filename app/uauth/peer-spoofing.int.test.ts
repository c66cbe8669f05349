// Threat: a client that reaches the app through anything but Gatehouse's own HTTP server
// (`next dev`, `next start`, another host) sends `x-gatehouse-peer: 10.9.9.9` and passes a
// workspace's IP allow-list. The route handlers run here with no server in front, as there.
import { beforeAll, describe, expect, it } from "vitest";
import { POST as selectRoute } from "@/app/uauth/auth/login/user/profile/[guid]/route";
import { api, makeUser, makeWorkspace, selectPath, signInViaApi, type TestUser, type TestWorkspace } from "@/lib/testing/fixtures";

describe("an IP-restricted workspace and a client-chosen peer address", () => {
  let user: TestUser;
  let office: TestWorkspace;

  beforeAll(async () => {
    user = await makeUser();
    office = await makeWorkspace({ ipRestricted: true, ipRanges: ["10.9.9.9/32"], members: [[user, "member"]] });
  });

  const select = async (headers: Record<string, string>) => {
    const { token } = await signInViaApi(user);
    return api.post(selectRoute, selectPath(office.guid), { token, ip: null, headers, params: { guid: office.guid } });
  };

  it("refuses a bare x-gatehouse-peer header", async () => {
    const res = await select({ "x-gatehouse-peer": "10.9.9.9" });
    expect(res.status).toBe(403);
    expect(res.json.error.requirements).toEqual([{ type: "ip", reason: "not_in_allowlist" }]);
  });

  it("refuses a peer header with a made-up proof", async () => {
    const res = await select({ "x-gatehouse-peer": "10.9.9.9", "x-gatehouse-peer-proof": "A".repeat(43) });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("POLICY_REQUIREMENTS");
  });

  it("admits the same address when Gatehouse's server vouched for it", async () => {
    const { token } = await signInViaApi(user);
    const res = await api.post(selectRoute, selectPath(office.guid), { token, ip: "10.9.9.9", params: { guid: office.guid } });
    expect(res.status).toBe(200);
  });
});
