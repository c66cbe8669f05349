"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormAlert, SelectField, TextField } from "@/app/ui/form";
import { useActionForm } from "@/app/ui/use-action-form";
import { inviteMemberSchema } from "@/lib/workspaces/admin-schemas";
import { inviteMemberAction } from "./actions";

type Role = { id: number; name: string };

/** E-mail and role; after each invitation the form starts empty again for the next one. */
export function InviteMemberForm({ roles }: { roles: Role[] }) {
  const router = useRouter();
  // A new key gives a fresh form (useActionForm stays "done" after a success).
  const [round, setRound] = useState(0);
  const [sentTo, setSentTo] = useState<string | null>(null);
  return (
    <>
      <FormAlert tone="ok" message={sentTo && `Invitation sent to ${sentTo}. It appears under pending invitations until they accept.`} />
      <InviteFields
        key={round}
        roles={roles}
        onInvited={(email) => {
          setSentTo(email);
          setRound((value) => value + 1);
          router.refresh();
        }}
      />
    </>
  );
}

function InviteFields({ roles, onInvited }: { roles: Role[]; onInvited: (email: string) => void }) {
  const { form, onSubmit, formError, busy } = useActionForm({
    schema: inviteMemberSchema,
    // No role is preselected: the first one is often Superuser.
    defaultValues: { email: "" },
    submit: inviteMemberAction,
    onSuccess: (data) => data && onInvited(data.email),
  });
  const { errors } = form.formState;
  return (
    <form onSubmit={onSubmit} noValidate aria-busy={busy} aria-labelledby="invite-title" className="inline-form">
      <FormAlert message={formError} />
      <TextField label="E-mail" type="email" autoComplete="off" error={errors.email?.message} {...form.register("email")} />
      <SelectField
        label="Role"
        placeholder="Choose a role"
        options={roles.map((role) => ({ value: role.id, label: role.name }))}
        error={errors.roleId?.message}
        {...form.register("roleId", { valueAsNumber: true })}
      />
      <button type="submit" disabled={busy}>
        {busy ? "Inviting…" : "Send invitation"}
      </button>
    </form>
  );
}
