// The seed document's curl commands (shared/seeds/002_…txt), run as written with only the base
// path, the sample credentials, tokens, code and workspace id replaced: the REST API must accept
// exactly what the document tells integrators to send.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { makeUser } from "./support/fixtures";
import { currentTotp } from "./support/totp";

const SEED = path.resolve(import.meta.dirname, "../../shared/seeds/002_8f7769c9c8af0121.txt");

/** The `curl …` commands of the document: a command goes on while a line ends with `\` or a
 * single-quoted argument (the JSON body) is still open. */
function seedCurlCommands(): string[] {
  const lines = readFileSync(SEED, "utf8").split("\n");
  const commands: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.startsWith("curl ")) continue;
    const command = [lines[i]!];
    const unfinished = () => command.at(-1)!.trimEnd().endsWith("\\") || (command.join("\n").match(/'/g) ?? []).length % 2 === 1;
    while (unfinished() && i + 1 < lines.length) command.push(lines[++i]!);
    commands.push(command.join("\n"));
  }
  return commands;
}

function runCurl(command: string): unknown {
  const output = execFileSync("sh", ["-c", `${command} --silent --show-error --fail-with-body`], { encoding: "utf8" });
  return JSON.parse(output);
}

test("the seed's curl sequence works unchanged against Gatehouse", async ({ baseURL }) => {
  test.skip(!existsCurl(), "curl is not installed");
  test.skip(!existsSync(SEED), "the seed document (../shared/seeds) is not beside this clone");
  const commands = seedCurlCommands();
  expect(commands).toHaveLength(4);
  const [login, mfa, list, select] = commands as [string, string, string, string];
  const user = makeUser({ name: "Seed Curl", mfa: true, memberships: { acme: "superuser" } });
  const base = (command: string) => command.replace("https://{SYNERISE_API_BASE_PATH}", baseURL!);
  const withToken = (command: string, token: string) => base(command).replace(/Bearer [^']+/, `Bearer ${token}`);

  const loggedIn = runCurl(base(login).replace("user@synerise.com", user.email).replace("strongPassword", user.password)) as { token: string; mfaMethods: string[]; consumer: Record<string, unknown> };
  expect(loggedIn.mfaMethods).toEqual(["TOTP_AUTHENTICATOR"]);
  expect(loggedIn.consumer).toMatchObject({ type: "USER", businessProfileId: null, name: user.email, id: user.id, authorities: [], roles: "-2" });

  const verified = runCurl(withToken(mfa, loggedIn.token).replace("938538", await currentTotp(user.secret!))) as { token: string; mfaMethods: string[] };
  expect(verified.mfaMethods).toEqual([]);

  const workspaces = runCurl(withToken(list, verified.token)) as Array<Record<string, unknown>>;
  const acme = workspaces.find((workspace) => workspace.subdomain === "acme")!;
  expect(Object.keys(acme).sort()).toEqual(["businessProfileGuid", "created", "id", "ipRestricted", "logo", "mfaRequired", "name", "subdomain"]);

  const selected = runCurl(withToken(select, verified.token).replace("01234abc-1234-5678-9abc-def012345678", String(acme.businessProfileGuid))) as {
    token: string;
    consumer: { businessProfileId: number; authorities: string[]; roles: string };
  };
  expect(selected.consumer.businessProfileId).toBe(acme.id);
  expect(selected.consumer.authorities).toContain("ROLE_API_CREATE");
  expect(selected.consumer.roles).toMatch(/^\d+$/);
  expect(selected.token.split(".")).toHaveLength(3);
});

function existsCurl(): boolean {
  try {
    execFileSync("curl", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
