"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { FormAlert } from "@/app/ui/form";
import { useActionForm } from "@/app/ui/use-action-form";
import { workspaceSuspensionSchema } from "@/lib/admin/schemas";
import { useConsoleStatus } from "../../console-status";
import { suspendWorkspaceAction } from "../actions";

/** Suspending, behind a second step that asks for the reason members will be shown. */
export function SuspendWorkspaceForm({ guid, name }: { guid: string; name: string }) {
  const router = useRouter();
  const announce = useConsoleStatus();
  const id = useId();
  const [open, setOpen] = useState(false);
  const { form, onSubmit, formError, busy } = useActionForm({
    schema: workspaceSuspensionSchema,
    defaultValues: { reason: "" },
    submit: (values) => suspendWorkspaceAction(guid, values),
    onSuccess: () => {
      announce(`${name} is suspended. Every session in it has ended.`);
      router.refresh();
    },
  });
  const error = form.formState.errors.reason?.message;

  if (!open) {
    return (
      <button type="button" className="secondary" onClick={() => setOpen(true)}>
        Suspend workspace
      </button>
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate aria-busy={busy} className="confirm" aria-label={`Suspend ${name}`}>
      <p>Suspending ends every session in {name} at once. Its members cannot enter it until you reactivate it, and they are shown the reason.</p>
      <FormAlert message={formError} />
      <div className="field">
        <label htmlFor={`${id}-reason`}>Reason, shown to members</label>
        <textarea
          id={`${id}-reason`}
          rows={3}
          maxLength={500}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-reason-error` : undefined}
          {...form.register("reason")}
        />
        {error && (
          <p id={`${id}-reason-error`} className="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
      <div className="actions">
        <button type="submit" className="danger" disabled={busy}>
          {busy ? "Suspending…" : "Suspend now"}
        </button>
        <button type="button" className="secondary" disabled={busy} onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
