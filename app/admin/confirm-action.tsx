"use client";

import { ConfirmAction as ConfirmStep } from "@/app/ui/confirm-action";
import type { ActionResult } from "@/lib/auth/action";
import { useConsoleStatus } from "./console-status";

/** The shared confirm-first action, its success announced in the console's status line. */
export function ConfirmAction({
  context,
  done,
  danger = false,
  ...step
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
  const announce = useConsoleStatus();
  return <ConfirmStep {...step} {...(context !== undefined && { target: context })} danger={danger} onDone={() => announce(done)} />;
}
