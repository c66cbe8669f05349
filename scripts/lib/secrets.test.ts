import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseSigningKeys } from "@/lib/env";
import { RETIRED_KEY_GRACE_SECONDS } from "@/lib/tokens/keys";
import { newSecrets, newSigningKey, rotateDevelopmentSigningKeys, rotateSigningKeys, type GeneratedSecrets } from "./secrets";

const T0 = new Date("2030-05-01T10:00:00Z");
const later = (seconds: number, from = T0) => new Date(from.getTime() + seconds * 1000);

describe("rotateSigningKeys", () => {
  it("adds a key that signs from now, and retires the signer at that moment", () => {
    const old = newSigningKey();
    const rotation = rotateSigningKeys(JSON.stringify([old]), T0);
    const keys = parseSigningKeys(rotation.value);
    expect(keys.map((key) => key.kid)).toEqual([rotation.added, old.kid]);
    expect(keys[0]).toMatchObject({ activeFrom: T0, retiredAt: null });
    expect(keys[1]).toMatchObject({ activeFrom: null, retiredAt: T0, jwk: { d: old.d } });
    expect(rotation.retired).toEqual({ kid: old.kid, verifiesUntil: later(RETIRED_KEY_GRACE_SECONDS) });
    expect(rotation.dropped).toEqual([]);
  });

  it("with --activate-in, keeps the old key signing until the new one activates", () => {
    const rotation = rotateSigningKeys(JSON.stringify([newSigningKey()]), T0, 15);
    expect(rotation.activeFrom).toEqual(later(15 * 60));
    expect(parseSigningKeys(rotation.value)[1]!.retiredAt).toEqual(later(15 * 60));
  });

  it("keeps retired keys while their tokens may live, and drops them after", () => {
    const first = rotateSigningKeys(JSON.stringify([newSigningKey()]), T0);
    const soon = rotateSigningKeys(first.value, later(60));
    expect(parseSigningKeys(soon.value)).toHaveLength(3);
    const afterWindow = rotateSigningKeys(first.value, later(RETIRED_KEY_GRACE_SECONDS + 1));
    expect(afterWindow.dropped).toEqual([first.retired!.kid]);
    expect(parseSigningKeys(afterWindow.value).map((key) => key.kid)).toEqual([afterWindow.added, first.added]);
  });

  it("refuses a second rotation while a key waits to activate (two keys waiting to take over)", () => {
    const pending = rotateSigningKeys(JSON.stringify([newSigningKey()]), T0, 30);
    expect(() => rotateSigningKeys(pending.value, later(60))).toThrow(new RegExp(`Key ${pending.added} starts signing at`));
  });

  it("refuses a malformed key set without writing anything", () => {
    expect(() => rotateSigningKeys('[{"kty":"RSA"}]', T0)).toThrow(/^GATEHOUSE_SIGNING_KEYS: must be a JSON array/);
  });
});

describe("rotateDevelopmentSigningKeys", () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), "gatehouse-keys-"));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const read = () => JSON.parse(readFileSync(path.join(dataDir, "secrets.json"), "utf8")) as GeneratedSecrets;

  it("rotates the keys in data/secrets.json and leaves the other secrets as they were", () => {
    const secrets = newSecrets();
    writeFileSync(path.join(dataDir, "secrets.json"), JSON.stringify(secrets), { mode: 0o600 });
    const rotation = rotateDevelopmentSigningKeys(dataDir, T0);
    const stored = read();
    expect(stored).toEqual({ ...secrets, GATEHOUSE_SIGNING_KEYS: rotation.value });
    expect(parseSigningKeys(stored.GATEHOUSE_SIGNING_KEYS).map((key) => key.kid)).toEqual([rotation.added, JSON.parse(secrets.GATEHOUSE_SIGNING_KEYS)[0].kid]);
    // Threat: the private keys readable by other users of the machine.
    expect(statSync(path.join(dataDir, "secrets.json")).mode & 0o777).toBe(0o600);
  });

  it("creates the secrets first on a fresh clone", () => {
    const rotation = rotateDevelopmentSigningKeys(dataDir, T0);
    expect(parseSigningKeys(read().GATEHOUSE_SIGNING_KEYS)).toHaveLength(2);
    expect(rotation.retired).not.toBeNull();
  });
});
