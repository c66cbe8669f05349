// Test-only: checks a response a route handler gave against the OpenAPI document, so every
// response an integration test receives through lib/testing/fixtures.ts `call` (and `api.*`)
// proves the document true: the status is documented for the operation, an error's code is one
// listed under that status, and the body matches the documented schema (JSON Schema 2020-12, as
// OpenAPI 3.1 writes it, checked by Ajv with formats). The document is the served one, generated
// from the zod schemas, not the zod schemas themselves: a generator bug fails here too.
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { openApiDocument } from "@/lib/api/openapi";
import { apiPathTemplate } from "@/lib/api/surface";

/** A response as a test received it. */
export interface ObservedResponse {
  method: string;
  /** The request's path (a query string is ignored). */
  path: string;
  status: number;
  contentType: string | null;
  /** The body as text ("" for none). */
  body: string;
}

/** Paths the document describes; the browser's routes (`/auth/refresh`, pages) are not in it. */
const API_PREFIXES = ["/uauth/", "/api/", "/.well-known/"];
const DOCUMENT_ID = "gatehouse-openapi.json";

interface DocumentedResponse {
  description?: string;
  content?: Record<string, { schema?: unknown }>;
}

let checker: { ajv: Ajv2020; paths: Record<string, Record<string, { responses?: Record<string, DocumentedResponse> }>> } | undefined;
const validators = new Map<string, ValidateFunction>();

function loadChecker() {
  if (checker) return checker;
  const document = openApiDocument("http://localhost:3000");
  // strict: false, as the document's schemas carry OpenAPI's own keywords (example, x-…).
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(document as object, DOCUMENT_ID);
  checker = { ajv, paths: document.paths as NonNullable<typeof checker>["paths"] };
  return checker;
}

/** RFC 6901: `/` and `~` inside one reference token. */
const pointerToken = (token: string) => token.replace(/~/g, "~0").replace(/\//g, "~1");

function validatorFor(template: string, method: string, status: string, mediaType: string): ValidateFunction {
  const pointer = ["paths", template, method, "responses", status, "content", mediaType, "schema"].map(pointerToken).join("/");
  let validate = validators.get(pointer);
  if (!validate) {
    validate = loadChecker().ajv.compile({ $ref: `${DOCUMENT_ID}#/${pointer}` });
    validators.set(pointer, validate);
  }
  return validate;
}

const excerpt = (body: string) => (body.length > 600 ? `${body.slice(0, 600)}…` : body);

/**
 * Throws, with a message naming the operation, the status and what differs, unless the document
 * describes this response: the path and method, the status, the media type and the body.
 * Requests outside the API (the browser's routes) and HEAD/OPTIONS are not checked.
 */
export function assertDocumentedResponse(response: ObservedResponse): void {
  const pathname = new URL(response.path, "http://localhost").pathname;
  const method = response.method.toLowerCase();
  if (!API_PREFIXES.some((prefix) => pathname.startsWith(prefix)) || method === "head" || method === "options") return;
  const operationName = `${response.method.toUpperCase()} ${pathname}`;
  const template = apiPathTemplate(pathname);
  if (!template) throw new Error(`OpenAPI: ${operationName} is not a documented path (lib/api/openapi-operations.ts).`);
  const { paths } = loadChecker();
  const documentedPath = Object.keys(paths).find((key) => key.replace(/\/$/, "") === template.replace(/\/$/, ""))!;
  const operation = paths[documentedPath]![method];
  if (!operation) throw new Error(`OpenAPI: ${operationName} — the document has no ${response.method.toUpperCase()} for ${documentedPath}.`);
  const responses = operation.responses ?? {};
  const status = String(response.status);
  const documented = responses[status];
  if (!documented) {
    throw new Error(`OpenAPI: ${operationName} answered ${status}, which the document does not list for ${method.toUpperCase()} ${documentedPath} (it lists ${Object.keys(responses).join(", ")}). Body: ${excerpt(response.body)}`);
  }
  const content = documented.content ?? {};
  if (Object.keys(content).length === 0) {
    if (response.body !== "") throw new Error(`OpenAPI: ${operationName} ${status} is documented without a body, but answered: ${excerpt(response.body)}`);
    return;
  }
  const mediaType = (response.contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (!(mediaType in content)) throw new Error(`OpenAPI: ${operationName} ${status} answered ${mediaType || "no content type"}; the document lists ${Object.keys(content).join(", ")}.`);
  if (mediaType !== "application/json") return;
  let body: unknown;
  try {
    body = JSON.parse(response.body);
  } catch {
    throw new Error(`OpenAPI: ${operationName} ${status} is not JSON: ${excerpt(response.body)}`);
  }
  const validate = validatorFor(documentedPath, method, status, mediaType);
  if (!validate(body)) {
    const problems = (validate.errors ?? [])
      .map((error) => {
        const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues;
        const extra = (error.params as { additionalProperty?: string }).additionalProperty;
        return `body${error.instancePath} ${error.message}${allowed ? ` (${allowed.join(", ")})` : ""}${extra ? ` (${extra})` : ""}`;
      })
      .join("; ");
    throw new Error(`OpenAPI: ${operationName} ${status} does not match the documented response (${documented.description?.split("\n")[0]}): ${problems}. Body: ${excerpt(response.body)}`);
  }
}
