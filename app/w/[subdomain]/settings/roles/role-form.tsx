"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { UseFormRegisterReturn } from "react-hook-form";
import { FormAlert, TextField } from "@/app/ui/form";
import { useActionForm } from "@/app/ui/use-action-form";
import { newRoleSchema, roleChangeSchema } from "@/lib/workspaces/admin-schemas";
import { createRoleAction, updateRoleAction } from "./actions";
import type { AuthorityGroup } from "./authority-groups";

/** A key people need not think about: the name in lower case with hyphens, until they edit it. */
function keyFromName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^[^a-z]+|-+$/g, "")
    .slice(0, 40);
}

/** The catalogue's checkboxes by group; what the caller does not hold is shown, disabled, with the reason. */
export function AuthorityFields({ groups, field, error }: { groups: AuthorityGroup[]; field: UseFormRegisterReturn; error?: string }) {
  return (
    <div className="authority-groups">
      {groups.map((group) => (
        <fieldset key={group.label}>
          <legend>{group.label}</legend>
          {group.choices.map((choice) => (
            <label key={choice.authority} className="check">
              <input type="checkbox" value={choice.authority} disabled={!choice.held} {...field} />
              <span>
                {choice.description} <code>{choice.authority}</code>
                {!choice.held && <span className="muted"> — you do not hold it, so you cannot grant it</span>}
              </span>
            </label>
          ))}
        </fieldset>
      ))}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** A new custom role: name, key and authorities. The form starts empty again after each role. */
export function NewRoleForm({ groups }: { groups: AuthorityGroup[] }) {
  const router = useRouter();
  const [created, setCreated] = useState<{ round: number; name: string | null }>({ round: 0, name: null });
  return (
    <>
      <FormAlert tone="ok" message={created.name && `Role “${created.name}” created.`} />
      <NewRoleFields
        key={created.round}
        groups={groups}
        onCreated={(name) => {
          setCreated((value) => ({ round: value.round + 1, name }));
          router.refresh();
        }}
      />
    </>
  );
}

function NewRoleFields({ groups, onCreated }: { groups: AuthorityGroup[]; onCreated: (name: string) => void }) {
  const { form, onSubmit, formError, busy } = useActionForm({
    schema: newRoleSchema,
    defaultValues: { name: "", key: "", authorities: [] },
    submit: createRoleAction,
    onSuccess: (data) => data && onCreated(data.name),
  });
  const { errors } = form.formState;
  const name = form.register("name", {
    onChange: (event: { target: { value: string } }) => {
      if (!form.getFieldState("key").isDirty) form.setValue("key", keyFromName(event.target.value));
    },
  });
  return (
    <form onSubmit={onSubmit} noValidate aria-busy={busy} aria-labelledby="new-role-title">
      <FormAlert message={formError} />
      <TextField label="Name" autoComplete="off" error={errors.name?.message} {...name} />
      <TextField label="Key" hint="Lower-case letters, digits and hyphens. It cannot be changed later." autoComplete="off" className="mono" error={errors.key?.message} {...form.register("key")} />
      <AuthorityFields groups={groups} field={form.register("authorities")} error={errors.authorities?.message} />
      <button type="submit" disabled={busy}>
        {busy ? "Creating…" : "Create role"}
      </button>
    </form>
  );
}

/** Renaming a custom role or changing its authorities; its members get them on their next request. */
export function EditRoleForm({ role, groups }: { role: { id: number; name: string; authorities: string[] }; groups: AuthorityGroup[] }) {
  const router = useRouter();
  // The saved values, and a fresh form for them: useActionForm stays "done" after a success.
  const [saved, setSaved] = useState({ name: role.name, authorities: role.authorities, round: 0 });
  return (
    <>
      <EditRoleFields
        key={saved.round}
        roleId={role.id}
        values={saved}
        groups={groups}
        onSaved={(values) => {
          setSaved((value) => ({ ...values, round: value.round + 1 }));
          router.refresh();
        }}
      />
      {saved.round > 0 && <FormAlert tone="ok" message="Saved. Members with this role get the change on their next request." />}
    </>
  );
}

function EditRoleFields({ roleId, values, groups, onSaved }: { roleId: number; values: { name: string; authorities: string[] }; groups: AuthorityGroup[]; onSaved: (values: { name: string; authorities: string[] }) => void }) {
  const { form, onSubmit, formError, busy } = useActionForm({
    schema: roleChangeSchema,
    defaultValues: { name: values.name, authorities: values.authorities },
    submit: (input) => updateRoleAction(roleId, input),
    onSuccess: (data) => data && onSaved(data),
  });
  const { errors } = form.formState;
  return (
    <form onSubmit={onSubmit} noValidate aria-busy={busy} aria-label={`Edit ${values.name}`}>
      <FormAlert message={formError} />
      <TextField label="Name" autoComplete="off" error={errors.name?.message} {...form.register("name")} />
      <AuthorityFields groups={groups} field={form.register("authorities")} error={errors.authorities?.message} />
      <button type="submit" disabled={busy}>
        {busy ? "Saving…" : "Save role"}
      </button>
    </form>
  );
}
