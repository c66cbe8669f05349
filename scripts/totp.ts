// `npm run totp -- <base32 secret>`: prints the current TOTP code (for the demo sign-ins).
import { totpCode } from "../lib/auth/totp.ts";

const secret = process.argv[2];
if (!secret || !/^[A-Z2-7]+=*$/i.test(secret)) {
  console.error("usage: npm run totp -- <base32 secret>   e.g. npm run totp -- JBSWY3DPEHPK3PXP");
  process.exit(2);
}
const now = new Date();
const remaining = 30 - (Math.floor(now.getTime() / 1000) % 30);
console.log(`${await totpCode(secret.toUpperCase(), now)}  (valid for ${remaining}s more)`);
