"use server";

import { createApiKey, createApiKeySchema, revokeApiKey, rotateApiKey, rotateApiKeySchema } from "@/lib/api-keys";
import { parseInput, runAction, type ActionResult } from "@/lib/auth/action";
import { currentFacts, requireWorkspace } from "@/lib/auth/dal";
import { rowIdSchema } from "@/lib/workspaces/admin-schemas";

// The API-keys page's actions, each asking the data layer for its own authority. The domain
// refuses authorities the caller does not hold, another workspace's key id, and a new secret
// without the password confirmed in this session (PASSWORD_CONFIRMATION_REQUIRED, which the page
// answers with its password step).

/** A secret just minted: returned to the browser this once, to be shown once, never kept. */
export interface IssuedKey {
  name: string;
  key: string;
}

/** Creates a key with authorities the caller holds. */
export async function createApiKeyAction(input: unknown): Promise<ActionResult<IssuedKey>> {
  return runAction(async () => {
    const principal = await requireWorkspace("ROLE_API_CREATE");
    const body = parseInput(createApiKeySchema, input);
    const { key, apiKey } = await createApiKey(principal, body, await currentFacts(), new Date());
    return { name: apiKey.name, key };
  });
}

/** Replaces a key by a new one; the old one keeps working for the chosen overlap. */
export async function rotateApiKeyAction(id: unknown, input: unknown): Promise<ActionResult<IssuedKey>> {
  return runAction(async () => {
    const principal = await requireWorkspace("ROLE_API_CREATE");
    const keyId = parseInput(rowIdSchema, id);
    const body = parseInput(rotateApiKeySchema, input);
    const { key, apiKey } = await rotateApiKey(principal, keyId, body, await currentFacts(), new Date());
    return { name: apiKey.name, key };
  });
}

/** Revokes a key: its very next request is refused. */
export async function revokeApiKeyAction(id: unknown): Promise<ActionResult<void>> {
  return runAction(async () => {
    const principal = await requireWorkspace("ROLE_API_DELETE");
    await revokeApiKey(principal, parseInput(rowIdSchema, id), await currentFacts(), new Date());
  });
}
