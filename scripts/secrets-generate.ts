// `npm run secrets:generate`: prints a new set of the three secrets a real deployment needs, as
// lines for an .env file (or a secret store). Nothing is written anywhere.
import { newSecrets } from "./lib/secrets.ts";

const secrets = newSecrets();
console.log(
  [
    "# Gatehouse secrets, generated " + new Date().toISOString() + ". Keep them out of version control.",
    `AUTH_SECRET=${secrets.AUTH_SECRET}`,
    // Single-quoted: the JSON holds double quotes.
    `GATEHOUSE_SIGNING_KEYS='${secrets.GATEHOUSE_SIGNING_KEYS}'`,
    `GATEHOUSE_ENCRYPTION_KEY=${secrets.GATEHOUSE_ENCRYPTION_KEY}`,
  ].join("\n"),
);
