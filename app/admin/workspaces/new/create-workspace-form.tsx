"use client";

import { FormAlert, TextField } from "@/app/ui/form";
import { useActionForm } from "@/app/ui/use-action-form";
import { newWorkspaceWithSuperuserSchema } from "@/lib/admin/schemas";
import { WorkspacePolicyFields } from "../../workspace-fields";
import { createWorkspaceAction } from "../actions";

/** A new workspace and the address of its first superuser, who is invited by e-mail. */
export function CreateWorkspaceForm() {
  const { form, onSubmit, formError, busy } = useActionForm({
    schema: newWorkspaceWithSuperuserSchema,
    defaultValues: { name: "", subdomain: "", logo: null, mfaRequired: false, ipRestricted: false, ipAllowlist: [], superuserEmail: "" },
    submit: createWorkspaceAction,
  });
  const { errors } = form.formState;
  return (
    <form onSubmit={onSubmit} noValidate aria-busy={busy} aria-label="New workspace">
      <FormAlert message={formError} />
      <TextField label="Name" autoComplete="off" error={errors.name?.message} {...form.register("name")} />
      <TextField
        label="Subdomain"
        hint="Lower-case letters, digits and hyphens. It is part of the workspace's address and cannot be changed later."
        autoComplete="off"
        spellCheck={false}
        error={errors.subdomain?.message}
        {...form.register("subdomain")}
      />
      <WorkspacePolicyFields form={form} />
      <TextField
        label="Superuser's e-mail"
        type="email"
        autoComplete="off"
        hint="They are invited by e-mail to set a password and become the workspace's superuser."
        error={errors.superuserEmail?.message}
        {...form.register("superuserEmail")}
      />
      <button type="submit" disabled={busy}>
        {busy ? "Creating…" : "Create and invite"}
      </button>
    </form>
  );
}
