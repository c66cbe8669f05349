// `npm run db:seed`: migrate, then seed the demo data if the embedded database is empty.
import { isEmbedded, prepare, StartupError } from "./lib/prepare.ts";

try {
  if (!isEmbedded()) {
    console.log("DATABASE_URL points at PostgreSQL (a real deployment): no demo data is seeded. Use npm run admin:create -- --email you@example.com.");
  } else {
    const { seeded } = await prepare();
    if (!seeded) console.log("The database already has users; nothing was seeded.");
  }
} catch (error) {
  console.error(error instanceof StartupError ? error.message : String(error));
  process.exit(1);
}
