"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { FormAlert, SelectField } from "@/app/ui/form";
import { useActionForm } from "@/app/ui/use-action-form";
import { DEFAULT_OVERLAP_SECONDS, rotateApiKeySchema } from "@/lib/api-keys/schemas";
import { rotateApiKeyAction, type IssuedKey } from "./actions";
import { IssuedKeyPanel } from "./issued-key";
import { PasswordStep, usePasswordStep } from "./password-step";

const HOUR = 60 * 60;

/** How long the old key keeps working beside the new one. */
const OVERLAPS = [
  { value: 0, label: "Not at all: it stops now" },
  { value: HOUR, label: "1 hour" },
  { value: DEFAULT_OVERLAP_SECONDS, label: "24 hours" },
  { value: 7 * 24 * HOUR, label: "7 days" },
];

/**
 * Rotating one key: "Rotate" asks for the overlap and a confirmation, then shows the new secret
 * once. The page renders it for every key the caller may rotate or has just rotated
 * (`rotatable` false), so the secret outlives the redraw that marks the old key as rotating.
 */
export function RotateApiKey({ id, label, email, rotatable }: { id: number; label: string; email: string; rotatable: boolean }) {
  const router = useRouter();
  const [asking, setAsking] = useState(false);
  const [issued, setIssued] = useState<IssuedKey | null>(null);
  if (issued) return <IssuedKeyPanel title={`The new key replacing ${label}`} issued={issued} onDone={() => setIssued(null)} />;
  if (!rotatable) return null;
  if (!asking) {
    return (
      <button type="button" className="secondary" onClick={() => setAsking(true)}>
        Rotate<span className="visually-hidden"> {label}</span>
      </button>
    );
  }
  return (
    <RotateFields
      id={id}
      label={label}
      email={email}
      onCancel={() => setAsking(false)}
      onRotated={(key) => {
        setAsking(false);
        setIssued(key);
        router.refresh();
      }}
    />
  );
}

function RotateFields({ id, label, email, onCancel, onRotated }: { id: number; label: string; email: string; onCancel: () => void; onRotated: (key: IssuedKey) => void }) {
  const password = usePasswordStep((input: { overlapSeconds?: number }) => rotateApiKeyAction(id, input));
  const { form, onSubmit, formError, busy } = useActionForm({
    schema: rotateApiKeySchema,
    defaultValues: { overlapSeconds: DEFAULT_OVERLAP_SECONDS },
    submit: password.submit,
    onSuccess: (data) => data && onRotated(data),
  });
  // The "Rotate" button goes away: the question takes the focus, so keyboard users are not lost.
  const group = useRef<HTMLDivElement>(null);
  useEffect(() => group.current?.focus(), []);
  return (
    <div className="confirm" role="group" aria-label="Confirm" ref={group} tabIndex={-1}>
      <form onSubmit={onSubmit} noValidate aria-busy={busy} aria-label={`Rotate ${label}`}>
        <p>A new key with the same permissions and expiry replaces {label}. Once the overlap is over, the old key is refused.</p>
        <SelectField
          label="The old key keeps working for"
          options={OVERLAPS}
          error={form.formState.errors.overlapSeconds?.message}
          {...form.register("overlapSeconds", { valueAsNumber: true })}
        />
        <FormAlert message={formError} />
        <div className="actions">
          <button type="submit" disabled={busy}>
            {busy ? "Rotating…" : "Yes, rotate"}
          </button>
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
      {password.needed && <PasswordStep email={email} onConfirmed={() => password.retry(onSubmit)} />}
    </div>
  );
}
