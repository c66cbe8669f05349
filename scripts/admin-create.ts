// `npm run admin:create -- --email you@example.com`: the first landlord admin of a deployment.
// Prints a one-time link where they set their password; then they sign in normally.
import { isEmbedded, prepare, StartupError } from "./lib/prepare.ts";

const index = process.argv.indexOf("--email");
const email = index > 0 ? process.argv[index + 1] : undefined;
if (!email) {
  console.error("usage: npm run admin:create -- --email you@example.com");
  process.exit(2);
}

try {
  await prepare({ seed: false, log: () => {} });
  const { createLandlordAdmin } = await import("../lib/invitations/index.ts");
  const { url, expiresAt } = await createLandlordAdmin(email);
  console.log(`Created landlord admin ${email.trim().toLowerCase()}.`);
  console.log(`Set-password link (one use, until ${expiresAt.toISOString()}):\n  ${url}`);
  if (isEmbedded()) console.log("(Embedded database: serve Gatehouse with npm start to open it.)");
} catch (error) {
  console.error(error instanceof StartupError ? error.message : `admin:create failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
