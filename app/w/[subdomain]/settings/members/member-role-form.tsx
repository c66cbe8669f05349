"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormAlert, SelectField } from "@/app/ui/form";
import { useActionForm } from "@/app/ui/use-action-form";
import { changeMemberRoleSchema } from "@/lib/workspaces/admin-schemas";
import { changeMemberRoleAction } from "./actions";

type Role = { id: number; name: string };

/** One member's role: a select and Save; a refusal (escalation, the last superuser) is shown beside it. */
export function MemberRoleForm({ userId, memberLabel, roleId, roles }: { userId: number; memberLabel: string; roleId: number; roles: Role[] }) {
  const router = useRouter();
  // The saved role, and a fresh form for it: useActionForm stays "done" after a success.
  const [saved, setSaved] = useState({ roleId, round: 0, changed: false });
  return (
    <>
      <RoleFields
        key={saved.round}
        userId={userId}
        memberLabel={memberLabel}
        roleId={saved.roleId}
        roles={roles}
        onSaved={(newRoleId) => {
          setSaved((value) => ({ roleId: newRoleId, round: value.round + 1, changed: true }));
          router.refresh();
        }}
      />
      {saved.changed && <FormAlert tone="ok" message="Role changed. It applies from their next request." />}
    </>
  );
}

function RoleFields({ userId, memberLabel, roleId, roles, onSaved }: { userId: number; memberLabel: string; roleId: number; roles: Role[]; onSaved: (roleId: number) => void }) {
  const { form, onSubmit, formError, busy } = useActionForm({
    schema: changeMemberRoleSchema,
    defaultValues: { roleId },
    submit: (values) => changeMemberRoleAction(userId, values),
    onSuccess: (data) => data && onSaved(data.roleId),
  });
  return (
    <form onSubmit={onSubmit} noValidate aria-busy={busy} aria-label={`Role of ${memberLabel}`} className="row-form">
      <SelectField
        label={`Role of ${memberLabel}`}
        hideLabel
        options={roles.map((role) => ({ value: role.id, label: role.name }))}
        error={form.formState.errors.roleId?.message}
        {...form.register("roleId", { valueAsNumber: true })}
      />
      <button type="submit" className="secondary" disabled={busy}>
        {busy ? "Saving…" : "Save"}
        <span className="visually-hidden"> role of {memberLabel}</span>
      </button>
      <FormAlert message={formError} />
    </form>
  );
}
