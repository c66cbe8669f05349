// Vitest global setup of an integration project: migrate one template database for the run.
import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { applyMigrations } from "../../scripts/db/migrate.ts";
import { createTemplate, dropTemplate, type TestDatabaseKind } from "./databases.ts";

export default async function setup(project: TestProject) {
  const kind = project.config.env?.GATEHOUSE_TEST_DATABASE as TestDatabaseKind;
  const runId = randomBytes(4).toString("hex");
  await createTemplate(kind, runId, (url) => applyMigrations(url));
  project.provide("gatehouseTestRun", runId);
  return () => dropTemplate(kind, runId);
}

declare module "vitest" {
  export interface ProvidedContext {
    gatehouseTestRun: string;
  }
}
