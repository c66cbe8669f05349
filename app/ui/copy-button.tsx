"use client";

// A button that copies a secret shown once (an API key, recovery codes) and says how it went
// through `onResult`, which the caller shows in its own status line next to other outcomes.
import type { ReactNode } from "react";

export function CopyButton({ text, children, copied, refused, onResult }: { text: string; children: ReactNode; copied: string; refused: string; onResult: (message: string) => void }) {
  return (
    <button
      type="button"
      className="secondary"
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(text);
          onResult(copied);
        } catch {
          onResult(refused);
        }
      }}
    >
      {children}
    </button>
  );
}
