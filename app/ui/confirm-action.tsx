"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { ActionButton } from "@/app/ui/action-button";
import type { ActionResult } from "@/lib/auth/action";

/**
 * A destructive action behind a second step: the first button asks, the confirmation says what
 * will happen and runs the action (a server action, bound to its row by the page); its refusal is
 * shown beside it, a success redraws the page.
 */
export function ConfirmAction({
  label,
  target,
  question,
  confirmLabel,
  pendingLabel,
  action,
  danger = true,
  onDone,
}: {
  /** The first button's text ("Remove"); `target` completes it for screen readers ("Remove Ada"), where every row has one. */
  label: string;
  target?: string;
  question: ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  action: () => Promise<ActionResult<unknown> | undefined>;
  /** The confirmation's button in the danger colour (the default: most such actions cannot be undone). */
  danger?: boolean;
  /** After a success, before the page is read again (e.g. announcing it). */
  onDone?: () => void;
}) {
  const router = useRouter();
  const [asking, setAsking] = useState(false);
  // The first button goes away: the question takes the focus, so keyboard users are not lost.
  const prompt = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (asking) prompt.current?.focus();
  }, [asking]);
  if (!asking) {
    return (
      <button type="button" className="secondary" onClick={() => setAsking(true)}>
        {label}
        {target && <span className="visually-hidden"> {target}</span>}
      </button>
    );
  }
  return (
    <div className="confirm" role="group" aria-label="Confirm" ref={prompt} tabIndex={-1}>
      <p>{question}</p>
      <div className="actions">
        <ActionButton
          action={action}
          label={confirmLabel}
          pendingLabel={pendingLabel}
          className={danger ? "danger" : undefined}
          onSuccess={() => {
            setAsking(false);
            onDone?.();
            router.refresh();
          }}
        />
        <button type="button" className="secondary" onClick={() => setAsking(false)}>
          Cancel
        </button>
      </div>
    </div>
  );
}
