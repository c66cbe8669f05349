import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;
const shared = {
  alias: {
    "@": root,
    // Outside React's server build `server-only` throws on import; tests run lib/ directly.
    "server-only": path.join(root, "node_modules/server-only/empty.js"),
  },
};
const exclude = ["node_modules/**", "e2e/**", ".next/**", "lib/db/generated/**"];

/** Integration tests (`*.int.test.ts`) run once per database; each file gets its own database. */
const integration = (name: "sqlite" | "postgres") => ({
  extends: true as const,
  test: {
    name,
    include: ["**/*.int.test.ts"],
    exclude,
    env: { GATEHOUSE_TEST_DATABASE: name },
    globalSetup: ["lib/testing/global-setup.ts"],
    setupFiles: ["lib/testing/database-setup.ts"],
  },
});

export default defineConfig({
  resolve: { alias: shared.alias },
  test: {
    environment: "node",
    testTimeout: 20_000,
    // Two cores: two test files at a time.
    maxWorkers: 2,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: "unit", include: ["**/*.test.ts"], exclude: [...exclude, "**/*.int.test.ts"], setupFiles: ["lib/testing/unit-setup.ts"] } },
      integration("sqlite"),
      integration("postgres"),
    ],
  },
});
