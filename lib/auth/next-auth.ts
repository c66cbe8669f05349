import "server-only";
import NextAuth, { CredentialsSignin, type User } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { cookies } from "next/headers";
import { authConfig } from "@/lib/auth/auth-config";
import { isBrowserSession, type BrowserSession } from "@/lib/auth/browser-session";
import { deviceCookieName, deviceCookieOptions } from "@/lib/auth/device-cookie";
import { endReplacedSession, loginWithPassword, type StepResult } from "@/lib/auth/journey";
import { loginSchema } from "@/lib/auth/schemas";
import { AppError, isAppError, type ErrorCode } from "@/lib/errors";
import { requestFacts } from "@/lib/net/request";
import { isLandlordAdmin } from "@/lib/users";
import { verifyAccessToken } from "@/lib/tokens/jwt";

/** A journey failure carried through next-auth's sign-in with its code intact. */
class JourneyError extends CredentialsSignin {
  constructor(
    readonly appCode: ErrorCode,
    readonly retryAfter?: number,
  ) {
    super();
    this.code = appCode;
  }
}

/** The cookie state after a sign-in step (password or MFA): no workspace selected yet. */
export function toBrowserSession(step: StepResult, landlord: boolean): BrowserSession {
  return { sid: step.sessionId, stage: step.stage, accessToken: step.token, accessExpiresAt: step.expiresAt.getTime(), refreshToken: step.refreshToken, workspace: null, landlord };
}

type GatehouseUser = User & { gatehouse: BrowserSession };

const PASSWORD_SET_PROVIDER = "password-set";

/**
 * The password step for the Credentials providers: runs `loginWithPassword` with the browser's
 * device cookie, sets the new one, and ends the session the cookie held until now.
 */
async function authorizeWithPassword(credentials: unknown, request: Request, { passwordConfirmed }: { passwordConfirmed: boolean }): Promise<GatehouseUser> {
  const input = loginSchema.safeParse(credentials);
  if (!input.success) throw new JourneyError("VALIDATION_FAILED");
  try {
    const ctx = { ...(await requestFacts(request.headers)), now: new Date() };
    const jar = await cookies();
    const deviceToken = jar.get(deviceCookieName())?.value ?? null;
    const step = await loginWithPassword({ ...input.data, deviceToken, passwordConfirmed }, ctx);
    // Remembers this browser for the account: guesses from elsewhere cannot lock it out.
    jar.set(deviceCookieName(), step.deviceToken, deviceCookieOptions());
    // The cookie is about to hold the new session; the one it held until now ends.
    const previous = (await auth())?.gatehouse;
    if (previous) await endReplacedSession(previous.sid, step.sessionId, ctx);
    return { id: String(step.user.id), email: step.user.email, gatehouse: toBrowserSession(step, await isLandlordAdmin(step.user.id)) };
  } catch (error) {
    if (isAppError(error)) throw new JourneyError(error.code, error.details.retryAfter);
    throw error;
  }
}

/**
 * The Node instance of next-auth. Its HTTP handlers are deliberately not mounted: every step runs
 * in a server action or route handler through `signIn`/`unstable_update`/`signOut`, so the
 * cookie can only change through Gatehouse's own code (a client POST to /api/auth/session could
 * otherwise feed the jwt callback arbitrary data), and only Gatehouse's code picks the provider.
 */
export const { auth, signIn, signOut, unstable_update } = NextAuth(() => {
  const shared = authConfig();
  return {
    ...shared,
    providers: [
      Credentials({ credentials: { email: {}, password: {} }, authorize: (credentials, request) => authorizeWithPassword(credentials, request, { passwordConfirmed: false }) }),
      // The same step right after the password was set on an invitation link: typed moments ago,
      // it counts as this session's password confirmation (lib/auth/security-settings.ts).
      Credentials({ id: PASSWORD_SET_PROVIDER, credentials: { email: {}, password: {} }, authorize: (credentials, request) => authorizeWithPassword(credentials, request, { passwordConfirmed: true }) }),
    ],
    callbacks: {
      ...shared.callbacks,
      async jwt({ token, user, trigger, session }) {
        if (trigger === "signIn" && user) return { gatehouse: (user as GatehouseUser).gatehouse };
        if (trigger === "update") {
          // Only a state whose access token Gatehouse signed for this same session is accepted.
          const next = (session as { gatehouse?: unknown } | undefined)?.gatehouse;
          if (!isBrowserSession(next)) return token;
          const claims = await verifyAccessToken(next.accessToken, [next.stage]);
          const current = isBrowserSession(token.gatehouse) ? token.gatehouse : null;
          if (!claims || claims.sid !== next.sid || (current && current.sid !== next.sid)) return token;
          return { gatehouse: next };
        }
        return token;
      },
    },
  };
});

/**
 * Signs the browser in with an e-mail and password (step 1), or with the password just set on an
 * invitation link (`passwordJustSet`); a refusal comes back as the journey's AppError.
 */
export async function signInWithPassword(credentials: { email: string; password: string }, { passwordJustSet = false }: { passwordJustSet?: boolean } = {}): Promise<void> {
  try {
    await signIn(passwordJustSet ? PASSWORD_SET_PROVIDER : "credentials", { ...credentials, redirect: false });
  } catch (error) {
    if (error instanceof JourneyError) throw new AppError(error.appCode, { ...(error.retryAfter !== undefined && { retryAfter: error.retryAfter }) });
    throw error;
  }
}

/** Replaces the cookie's state (after MFA, a workspace selection or a refresh). */
export async function storeBrowserSession(state: BrowserSession): Promise<void> {
  const updated = await unstable_update({ gatehouse: state });
  if (!updated?.gatehouse || updated.gatehouse.accessToken !== state.accessToken) throw new AppError("SESSION_ENDED");
}
