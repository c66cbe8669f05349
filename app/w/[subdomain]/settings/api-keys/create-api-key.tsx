"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormAlert, TextField } from "@/app/ui/form";
import { useActionForm } from "@/app/ui/use-action-form";
import { createApiKeySchema } from "@/lib/api-keys/schemas";
import type { AuthorityGroup } from "../roles/authority-groups";
import { AuthorityFields } from "../roles/role-form";
import { createApiKeyAction, type IssuedKey } from "./actions";
import { IssuedKeyPanel } from "./issued-key";
import { PasswordStep, usePasswordStep } from "./password-step";

/** The new-key form; after a key is made, its secret once in its place, then a fresh form. */
export function CreateApiKey({ groups, email, earliestExpiry }: { groups: AuthorityGroup[]; email: string; earliestExpiry: string }) {
  const router = useRouter();
  const [issued, setIssued] = useState<IssuedKey | null>(null);
  // A new key gives a fresh form (useActionForm stays "done" after a success).
  const [round, setRound] = useState(0);
  if (issued) {
    return (
      <IssuedKeyPanel
        title={`Your new key “${issued.name}”`}
        issued={issued}
        onDone={() => {
          setIssued(null);
          setRound((value) => value + 1);
        }}
      />
    );
  }
  return (
    <CreateFields
      key={round}
      groups={groups}
      email={email}
      earliestExpiry={earliestExpiry}
      onCreated={(key) => {
        setIssued(key);
        router.refresh();
      }}
    />
  );
}

function CreateFields({ groups, email, earliestExpiry, onCreated }: { groups: AuthorityGroup[]; email: string; earliestExpiry: string; onCreated: (key: IssuedKey) => void }) {
  const password = usePasswordStep(createApiKeyAction);
  const { form, onSubmit, formError, busy } = useActionForm({
    schema: createApiKeySchema,
    defaultValues: { name: "", authorities: [] },
    submit: password.submit,
    onSuccess: (data) => data && onCreated(data),
  });
  const { errors } = form.formState;
  return (
    <>
      <form onSubmit={onSubmit} noValidate aria-busy={busy} aria-labelledby="new-key-title">
        <FormAlert message={formError} />
        <TextField label="Name" hint="What uses it, such as “Billing sync”." autoComplete="off" error={errors.name?.message} {...form.register("name")} />
        {/* The page passes only what the caller holds: nobody gives a key more. */}
        <AuthorityFields groups={groups} field={form.register("authorities")} error={errors.authorities?.message} />
        <TextField
          label="Expires on (optional)"
          hint="At the start of that day, UTC. Leave it empty for a key that does not expire."
          type="date"
          min={earliestExpiry}
          error={errors.expiresAt?.message}
          {...form.register("expiresAt", { setValueAs: (value: string) => value || undefined })}
        />
        <button type="submit" disabled={busy}>
          {busy ? "Creating…" : "Create key"}
        </button>
      </form>
      {password.needed && <PasswordStep email={email} onConfirmed={() => password.retry(onSubmit)} />}
    </>
  );
}
