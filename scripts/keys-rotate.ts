// `npm run keys:rotate [-- --activate-in <minutes>]`: a new signing key takes over signing (after
// the given minutes, so every instance can publish it first); the key it replaces stays in the
// JWKS until every token it signed has expired; keys past that are dropped. Embedded mode edits
// data/secrets.json; with GATEHOUSE_SIGNING_KEYS in the environment (a deployment, or .env) it
// prints the new value to set instead. Servers read the keys at start-up: restart them after.
import path from "node:path";
import { databaseEnv } from "../lib/env.ts";
import { DATA_DIR } from "./lib/prepare.ts";
import { rotateDevelopmentSigningKeys, rotateSigningKeys, type SigningKeyRotation } from "./lib/secrets.ts";

const USAGE = "usage: npm run keys:rotate [-- --activate-in <minutes>]";

function activateInMinutes(args: string[]): number {
  if (args.length === 0) return 0;
  const minutes = Number(args[1]);
  if (args.length !== 2 || args[0] !== "--activate-in" || !Number.isInteger(minutes) || minutes < 0 || minutes > 7 * 24 * 60) {
    console.error(`${USAGE}\n  --activate-in: whole minutes from 0 to ${7 * 24 * 60} before the new key signs`);
    process.exit(2);
  }
  return minutes;
}

function describe(rotation: SigningKeyRotation): string[] {
  return [
    `New signing key ${rotation.added} signs from ${rotation.activeFrom.toISOString()}.`,
    ...(rotation.retired ? [`Key ${rotation.retired.kid} signs until then; its tokens verify until ${rotation.retired.verifiesUntil.toISOString()}, when it leaves the JWKS.`] : []),
    ...(rotation.dropped.length ? [`Removed expired key(s): ${rotation.dropped.join(", ")}.`] : []),
  ];
}

const minutes = activateInMinutes(process.argv.slice(2));
const now = new Date();
const fromEnvironment = process.env.GATEHOUSE_SIGNING_KEYS?.trim();
try {
  if (fromEnvironment) {
    const rotation = rotateSigningKeys(fromEnvironment, now, minutes);
    console.log(
      [
        ...describe(rotation).map((line) => `# ${line}`),
        "# GATEHOUSE_SIGNING_KEYS comes from the environment: set this value on every instance (secret store or .env) and restart them.",
        // Single-quoted: the JSON holds double quotes.
        `GATEHOUSE_SIGNING_KEYS='${rotation.value}'`,
      ].join("\n"),
    );
  } else if (databaseEnv().provider === "sqlite") {
    const rotation = rotateDevelopmentSigningKeys(DATA_DIR, now, minutes);
    console.log([`Rotated the signing keys in ${path.relative(process.cwd(), DATA_DIR) || "."}/secrets.json.`, ...describe(rotation), "Restart Gatehouse (npm start): a running server reads its keys at start-up."].join("\n"));
  } else {
    console.error("GATEHOUSE_SIGNING_KEYS is not set: a deployment on PostgreSQL keeps its signing keys in the environment (npm run secrets:generate prints a first set).");
    process.exit(1);
  }
} catch (error) {
  console.error(`keys:rotate failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
