import "server-only";
import type { ApiKeyPrincipal, WorkspacePrincipal } from "@/lib/auth/principal";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { signAccessToken } from "@/lib/tokens/jwt";
import { tokenLifetimes } from "@/lib/workspaces/token-policy";
import { API_KEY_PREFIX } from "./format";

/**
 * Trades an API key (the credential itself, not a token already exchanged for one: that would
 * extend it forever) for a short-lived workspace access token, verifiable from the JWKS: stage
 * `workspace`, `sub` the key's creator, `ws` its workspace, the clipped `authorities`, `role` the
 * creator's role, `apiKeyId` the key, `sid` `api-key:<id>` (no session backs it; no session id
 * contains a colon) and `wsv` 0. It lives as long as the workspace's token policy allows (at most
 * 10 minutes) and comes without a refresh token: the integration exchanges its key again. Gatehouse
 * resolves it through the key's row, so revoking the key ends it at its next check.
 */
export async function exchangeApiKey(caller: WorkspacePrincipal, credential: string, now: Date): Promise<{ token: string; expiresAt: Date; apiKey: ApiKeyPrincipal["apiKey"] }> {
  if (caller.kind !== "api-key" || !credential.startsWith(API_KEY_PREFIX)) throw new AppError("FORBIDDEN", { message: "Send the API key itself as 'Authorization: Bearer gh_live_…'." });
  const policy = await db().workspace.findUniqueOrThrow({ where: { id: caller.workspace.id }, select: { accessTokenMinutes: true, sessionHours: true, maxAccessTokenMinutes: true, maxSessionHours: true } });
  const { token, expiresAt } = await signAccessToken(
    {
      sub: String(caller.user.id),
      sid: `api-key:${caller.apiKey.id}`,
      stage: "workspace",
      email: caller.user.email,
      role: String(caller.role.id),
      ws: caller.workspace.guid,
      wsv: 0,
      authorities: caller.authorities,
      apiKeyId: caller.apiKey.id,
    },
    now,
    tokenLifetimes(policy).accessTokenMinutes * 60,
  );
  return { token, expiresAt, apiKey: caller.apiKey };
}
