// Test-only: secrets for a test process, generated once per run (never the development ones).
import { newSecrets } from "../../scripts/lib/secrets.ts";

/** Puts fresh secrets into process.env unless the run already has them. */
export function useTestSecrets(): void {
  const secrets = newSecrets();
  for (const [name, value] of Object.entries(secrets)) process.env[name] ||= value;
}
