// The Gatehouse under bench: the production build served as `npm start` serves it, on a fresh
// database of its own, with users made through the domain functions, and the few API calls the
// scenarios need to get their credentials.
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadDevelopmentSecrets } from "../scripts/lib/secrets.ts";
import { prepare } from "../scripts/lib/prepare.ts";
import { buildIfNeeded, startServer } from "../scripts/lib/server.ts";
import { freshDatabase } from "./lib.ts";
import type { Database } from "./result.ts";

export interface BenchUser {
  id: number;
  email: string;
  password: string;
  /** TOTP secret, for users with a confirmed factor. */
  secret?: string;
}

export interface BenchData {
  workspace: { id: number; guid: string };
  /** A superuser of the workspace: the scenarios' authenticated caller and the revoking admin. */
  owner: BenchUser;
  /** Members whose session and membership the revocation scenario ends. */
  members: BenchUser[];
  /** Users without MFA for the sign-in load: distinct, so no account's throttle is involved. */
  loginUsers: BenchUser[];
  /** Users with TOTP: one code per user per 30-second step (the replay guard), so many. */
  totpUsers: BenchUser[];
}

/**
 * TOTP factors are confirmed with the code of this past instant, so every code of the real clock
 * is fresh (never a replay of the enrolment), as in scripts/e2e-fixtures.ts.
 */
const ENROLLED_AT = new Date("2020-01-01T00:00:00Z");

/**
 * Points this process at a fresh database with secrets of its own, before anything reads the
 * environment: the server started later inherits both. Migrates it and builds the app when the
 * sources changed. `cleanup` drops the database and the secrets.
 */
export async function prepareApp(database: Database, postgresUrl: string, port: number): Promise<{ cleanup: () => Promise<void> }> {
  const fresh = await freshDatabase(database, postgresUrl);
  const secretsDir = mkdtempSync(path.join(tmpdir(), "gatehouse-bench-secrets-"));
  process.env.DATABASE_URL = fresh.url;
  // The token issuer: the server gets the same (scripts/lib/server.ts keeps a set APP_URL), so
  // this process verifies the server's tokens.
  process.env.APP_URL = `http://localhost:${port}`;
  loadDevelopmentSecrets(secretsDir);
  await prepare({ seed: false, log: () => {} });
  buildIfNeeded();
  return {
    cleanup: async () => {
      const { db } = await import("../lib/db/client.ts");
      await db().$disconnect();
      await fresh.drop();
      rmSync(secretsDir, { recursive: true, force: true });
    },
  };
}

/** Makes the workspace and users through the domain functions (never raw SQL). */
export async function seedBenchData(counts: { loginUsers: number; totpUsers: number }): Promise<BenchData> {
  const { createUser } = await import("../lib/users/index.ts");
  const { addMember, createWorkspace } = await import("../lib/workspaces/index.ts");
  const { beginTotpEnrollment, confirmTotpEnrollment } = await import("../lib/auth/mfa.ts");
  const { totpCode } = await import("../lib/auth/totp.ts");
  const workspace = await createWorkspace({ name: "Bench", subdomain: `bench-${randomBytes(3).toString("hex")}` });
  const makeUser = async (kind: string, index: number, options: { roleKey?: string; totp?: boolean } = {}): Promise<BenchUser> => {
    const password = `bench ${randomBytes(12).toString("base64url")}`;
    const user = await createUser({ email: `${kind}-${index}@bench.gatehouse.test`, name: `${kind} ${index}`, password });
    if (options.roleKey) await addMember({ workspaceId: workspace.id, userId: user.id, roleKey: options.roleKey });
    if (!options.totp) return { id: user.id, email: user.email, password };
    const { secret } = await beginTotpEnrollment(user.id, user.email);
    await confirmTotpEnrollment(user.id, await totpCode(secret, ENROLLED_AT), { now: ENROLLED_AT });
    return { id: user.id, email: user.email, password, secret };
  };
  // A few at a time: each user costs a password hash, which runs on the thread pool.
  const many = async (count: number, make: (index: number) => Promise<BenchUser>) => {
    const users: BenchUser[] = [];
    for (let start = 0; start < count; start += 8) users.push(...(await Promise.all(Array.from({ length: Math.min(8, count - start) }, (_, offset) => make(start + offset)))));
    return users;
  };
  const data: BenchData = {
    workspace: { id: workspace.id, guid: workspace.guid },
    owner: await makeUser("owner", 0, { roleKey: "superuser" }),
    members: await many(2, (index) => makeUser("member", index, { roleKey: "member" })),
    loginUsers: await many(counts.loginUsers, (index) => makeUser("login", index)),
    totpUsers: await many(counts.totpUsers, (index) => makeUser("totp", index, { totp: true })),
  };
  // Each enrolment queued its "two-step verification turned on" notice: delivered here (to the
  // local mailbox), so the server's sender does not render a seeding's backlog of e-mails during
  // the first scenarios and charge it to whichever request is in flight.
  const { drainOutbox } = await import("../lib/email/outbox.ts");
  while ((await drainOutbox({ now: new Date(), owner: "bench-seed" })).claimed > 0);
  return data;
}

export interface RunningServer {
  url: string;
  pid: number;
  stop: () => Promise<void>;
}

/** The production server (scripts/lib/http-server.mjs) on `port`, with `env` added to this process's. */
export async function startApp(port: number, env: Record<string, string> = {}): Promise<RunningServer> {
  const child: ChildProcess = await startServer(port, env);
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** The API calls the scenarios make to get and end their credentials. */
export class BenchClient {
  constructor(readonly url: string) {}

  async call<T>(method: string, route: string, options: { token?: string; body?: unknown; expect?: number } = {}): Promise<T> {
    const response = await fetch(`${this.url}${route}`, {
      method,
      headers: { ...(options.token && { authorization: `Bearer ${options.token}` }), ...(options.body !== undefined && { "content-type": "application/json" }) },
      ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
    });
    const expected = options.expect ?? 200;
    if (response.status !== expected) throw new Error(`${method} ${route}: ${response.status} (expected ${expected}) ${await response.text()}`);
    return (response.status === 204 ? undefined : await response.json()) as T;
  }

  /** Password (and the TOTP code, for a user with a factor) → the user-stage token. */
  async signIn(user: BenchUser, code?: string): Promise<string> {
    const login = await this.call<{ token: string }>("POST", "/uauth/auth/login/user", { body: { username: user.email, password: user.password } });
    if (!user.secret) return login.token;
    if (!code) throw new Error(`${user.email} has TOTP: give its code`);
    const mfa = await this.call<{ token: string }>("POST", "/uauth/auth/login/user/mfa/verification?mfaType=TOTP_AUTHENTICATOR", { token: login.token, body: { verificationCode: code } });
    return mfa.token;
  }

  /** A fresh session of `user` inside the workspace: its workspace token and session id. */
  async workspaceSession(user: BenchUser, workspaceGuid: string): Promise<{ token: string; sessionId: string }> {
    const userToken = await this.signIn(user);
    const { token } = await this.call<{ token: string }>("POST", `/uauth/auth/login/user/profile/${workspaceGuid}`, { token: userToken });
    const me = await this.call<{ session: { id: string } }>("GET", "/uauth/me", { token });
    return { token, sessionId: me.session.id };
  }

  /** An API key of the token's workspace, made through the API (the caller signed in just now). */
  async createApiKey(token: string, name: string): Promise<{ id: string; key: string }> {
    return this.call("POST", "/uauth/api-keys", { token, body: { name, authorities: ["ROLE_CRM_SHOW"] }, expect: 201 });
  }
}
