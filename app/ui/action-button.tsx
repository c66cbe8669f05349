"use client";

import { useState, useTransition } from "react";
import { failureMessage } from "@/app/ui/use-action-form";
import type { ActionResult } from "@/lib/auth/action";

/** A button that runs a server action without input, showing its refusal beside it. */
export function ActionButton({
  action,
  label,
  pendingLabel,
  className,
  onSuccess,
}: {
  action: () => Promise<ActionResult<unknown> | undefined>;
  label: string;
  pendingLabel: string;
  className?: string;
  /** After an action that did not redirect on its own. */
  onSuccess?: () => void;
}) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className={className}
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            setError(null);
            const result = await action();
            if (result && !result.ok) setError(failureMessage(result));
            else onSuccess?.();
          })
        }
      >
        {pending ? pendingLabel : label}
      </button>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
