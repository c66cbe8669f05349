// API keys of a workspace: the one public face of lib/api-keys. Administration (create, list,
// rotate, revoke), the request path (a key as Bearer, or the token exchanged for it), the
// exchange, and usage accounting with its monitoring.
export { apiKeyStatus, createApiKey, listApiKeys, revokeApiKey, rotateApiKey, type ApiKeyStatus, type ApiKeyView } from "./keys";
export { createApiKeySchema, DEFAULT_OVERLAP_SECONDS, MAX_OVERLAP_SECONDS, rotateApiKeySchema, type CreateApiKeyInput, type RotateApiKeyInput } from "./schemas";
export { exchangeApiKey } from "./exchange";
export { flushApiKeyUsage, startApiKeyUsageJobs, type FlushCounts } from "./usage";
export { isRateJump, sendApiKeyExpiryNotices } from "./monitoring";
