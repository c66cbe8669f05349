"use client";

import { useRouter } from "next/navigation";
import { FormAlert, TextField } from "@/app/ui/form";
import { useActionForm } from "@/app/ui/use-action-form";
import { workspacePatchSchema, type WorkspacePatch } from "@/lib/admin/schemas";
import type { ActionResult } from "@/lib/auth/action";
import { useConsoleStatus } from "../../console-status";
import { WorkspacePolicyFields } from "../../workspace-fields";
import { updateWorkspaceAction } from "../actions";

type Settings = Required<Pick<WorkspacePatch, "name" | "logo" | "mfaRequired" | "ipRestricted" | "ipAllowlist" | "maxAccessTokenMinutes" | "maxSessionHours">>;

/** A bound left empty is the platform's limit (null). */
const boundValue = (value: unknown) => (value === "" || value === null || value === undefined ? null : Number(value));

/**
 * A workspace's settings and the bounds of its own token policy. Only the fields changed are
 * sent (and audited); the form stays open for the next change.
 */
export function EditWorkspaceForm({ guid, settings, limits }: { guid: string; settings: Settings; limits: { accessTokenMinutes: number; sessionHours: number } }) {
  const router = useRouter();
  const announce = useConsoleStatus();
  const { form, onSubmit, formError } = useActionForm({
    schema: workspacePatchSchema,
    defaultValues: settings,
    submit: async (values): Promise<ActionResult<void>> => {
      const changed: Record<string, unknown> = Object.fromEntries(Object.entries(values).filter(([name]) => form.getFieldState(name as keyof Settings).isDirty));
      // The server refuses an empty change too; this says it without the round trip.
      if (Object.keys(changed).length === 0) return { ok: false, code: "VALIDATION_FAILED", message: "Nothing has changed yet." };
      return updateWorkspaceAction(guid, changed);
    },
    onSuccess: () => {
      form.reset(form.getValues());
      announce("The workspace's settings are saved.");
      router.refresh();
    },
  });
  const { errors, isSubmitting } = form.formState;
  return (
    <form onSubmit={onSubmit} noValidate aria-busy={isSubmitting} aria-label="Workspace settings">
      <FormAlert message={formError} />
      <TextField label="Name" autoComplete="off" error={errors.name?.message} {...form.register("name")} />
      <WorkspacePolicyFields form={form} />
      <fieldset>
        <legend>Token lifetimes the workspace may choose</legend>
        <p className="muted">Its own admins can make tokens and sessions shorter, never longer than these. Leave empty for the platform&apos;s limit.</p>
        <TextField
          label={`Longest access token (minutes, 1–${limits.accessTokenMinutes})`}
          type="number"
          inputMode="numeric"
          min={1}
          max={limits.accessTokenMinutes}
          error={errors.maxAccessTokenMinutes?.message}
          {...form.register("maxAccessTokenMinutes", { setValueAs: boundValue })}
        />
        <TextField
          label={`Longest session (hours, 1–${limits.sessionHours})`}
          type="number"
          inputMode="numeric"
          min={1}
          max={limits.sessionHours}
          error={errors.maxSessionHours?.message}
          {...form.register("maxSessionHours", { setValueAs: boundValue })}
        />
      </fieldset>
      <button type="submit" disabled={isSubmitting}>
        {isSubmitting ? "Saving…" : "Save changes"}
      </button>
    </form>
  );
}
