"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { failureMessage } from "@/app/ui/use-action-form";
import type { ActionResult } from "@/lib/auth/action";
import { useConsoleStatus } from "./console-status";

/**
 * A console action that cannot be undone: the first click asks, the second does it. Success is
 * announced in the console's status line and the page's data is read again; a refusal is shown here.
 */
export function ConfirmAction({
  action,
  label,
  context,
  question,
  confirmLabel,
  pendingLabel,
  done,
  danger = false,
}: {
  /** The server action, its arguments bound. */
  action: () => Promise<ActionResult<unknown>>;
  label: string;
  /** What it acts on, for screen readers where the row around it says so visually ("for ada@…"). */
  context?: string;
  question: string;
  confirmLabel: string;
  pendingLabel: string;
  /** Said once it is done. */
  done: string;
  danger?: boolean;
}) {
  const router = useRouter();
  const announce = useConsoleStatus();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const confirmButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) confirmButton.current?.focus();
  }, [asking]);

  if (!asking) {
    return (
      <button type="button" className="secondary" onClick={() => setAsking(true)}>
        {label}
        {context && <span className="visually-hidden"> {context}</span>}
      </button>
    );
  }
  return (
    <div className="confirm" role="group" aria-label={context ? `${label} ${context}` : label}>
      <p>{question}</p>
      <div className="actions">
        <button
          ref={confirmButton}
          type="button"
          className={danger ? "danger" : undefined}
          disabled={pending}
          onClick={() =>
            startTransition(async () => {
              setError(null);
              const result = await action();
              if (!result.ok) return setError(failureMessage(result));
              setAsking(false);
              announce(done);
              router.refresh();
            })
          }
        >
          {pending ? pendingLabel : confirmLabel}
        </button>
        <button type="button" className="secondary" disabled={pending} onClick={() => setAsking(false)}>
          Cancel
        </button>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
