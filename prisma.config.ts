// Prisma CLI configuration. Gatehouse's own scripts (scripts/db/*) do not need it; it makes the
// committed migrations usable by a stock `prisma migrate deploy` where Prisma's native engine is
// available: the provider, schema file and migration folder follow DATABASE_URL.
import { defineConfig } from "prisma/config";
import { databaseEnv } from "./lib/env.ts";

const { url, provider } = databaseEnv();

export default defineConfig({
  schema: provider === "sqlite" ? "prisma/schema.prisma" : "prisma/postgres/schema.prisma",
  migrations: { path: provider === "sqlite" ? "prisma/migrations/sqlite" : "prisma/migrations/postgres" },
  datasource: { url },
});
