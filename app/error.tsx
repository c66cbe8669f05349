"use client";

import { WaysBack } from "@/app/ui/ways-back";

/**
 * A page that failed while rendering, inside the site's frame. The message is never shown: in
 * production it is a generic text, and the digest is what matches the server's log line.
 */
export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : null;
  return (
    <>
      <title>Something went wrong · Gatehouse</title>
      <WaysBack
        title="Something went wrong"
        actions={
          <button type="button" onClick={() => retry()}>
            Try again
          </button>
        }
      >
        <p>Gatehouse could not show this page. Trying again often helps; if it keeps happening, tell your administrator.</p>
        {digest && (
          <p className="muted small">
            Reference: <code>{digest}</code>
          </p>
        )}
      </WaysBack>
    </>
  );
}
