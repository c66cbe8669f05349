// What a server-action request must look like before Next.js decodes it: Next answers a body
// over its limit, an unparseable one or one it cannot size with 500. Middleware asks this first
// and answers 413/400 in the API's error vocabulary. Edge-safe.
// Relative, not "@/…": next.config.ts loads this file outside the app's path aliases.
import { AppError } from "../errors";

/**
 * Largest server-action body, in bytes: forms send a few fields (a password is at most 1024
 * characters). next.config.ts gives Next.js the same limit (`serverActions.bodySizeLimit`).
 */
export const SERVER_ACTION_BODY_LIMIT = 64 * 1024;

/** The header Next.js's client sends with every server-action call. */
const ACTION_HEADER = "next-action";

/**
 * Whether Next.js will decode the request as a server action: a POST from its client (Next-Action)
 * or any multipart form POST (a form submitted before JavaScript has loaded).
 */
function isServerAction(request: Request, type: string): boolean {
  return request.method === "POST" && (request.headers.has(ACTION_HEADER) || type.startsWith("multipart/form-data"));
}

/**
 * Why a server-action request is refused before Next.js reads it, or null to let it through:
 * 413 above the limit; 400 without a Content-Length (a browser always sends one, and a chunked
 * body could only be sized by reading it) or with a body that is neither the JSON array nor the
 * multipart form Next's client sends.
 */
export async function refuseActionBody(request: Request): Promise<AppError | null> {
  const type = request.headers.get("content-type")?.toLowerCase() ?? "";
  if (!isServerAction(request, type)) return null;
  const length = request.headers.get("content-length");
  if (length === null || !/^\d{1,15}$/.test(length)) return new AppError("BAD_REQUEST", { message: "Send the request body with a Content-Length." });
  if (Number(length) > SERVER_ACTION_BODY_LIMIT) return new AppError("PAYLOAD_TOO_LARGE", { message: `The request body must be at most ${SERVER_ACTION_BODY_LIMIT} bytes.` });
  try {
    if (type.startsWith("multipart/form-data")) await request.clone().formData();
    else if (!Array.isArray(JSON.parse(await request.clone().text()))) throw new TypeError("not an argument list");
    return null;
  } catch {
    return new AppError("BAD_REQUEST", { message: "The request body is not a valid form submission." });
  }
}
