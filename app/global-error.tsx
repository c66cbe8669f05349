"use client";

import ErrorPage from "./error";
import "./globals.css";

/** An error in the root layout itself: it replaces that layout, so it brings the document. */
export default function GlobalError(props: { error: unknown; retry: () => void }) {
  return (
    <html lang="en">
      <body>
        <main id="main" className="site-main">
          <ErrorPage {...props} />
        </main>
      </body>
    </html>
  );
}
