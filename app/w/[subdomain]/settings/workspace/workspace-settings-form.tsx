"use client";

import { useId, useState } from "react";
import { FormAlert, TextField } from "@/app/ui/form";
import { useActionForm } from "@/app/ui/use-action-form";
import type { WorkspaceSettingsView } from "@/lib/workspaces/settings";
import { workspaceSettingsSchema, type TokenLimits } from "@/lib/workspaces/settings-schema";
import { updateWorkspaceSettingsAction } from "./actions";

export interface WorkspaceSettingsFormProps {
  settings: Pick<WorkspaceSettingsView, "name" | "logo" | "mfaRequired" | "ipRestricted" | "ipAllowlist" | "tokenPolicy">;
  /** The longest lifetimes the workspace may choose now, and what its tokens get now. */
  tokenLimits: TokenLimits;
  tokenLifetimes: TokenLimits;
  /** The caller's address as Gatehouse sees it (null: unknown). */
  ip: string | null;
}

type Lifetime = keyof TokenLimits;
const LIFETIME_TEXT: Record<Lifetime, { label: string; what: string; unit: string }> = {
  accessTokenMinutes: { label: "Access-token lifetime (minutes)", what: "Access tokens", unit: "minutes" },
  sessionHours: { label: "Session lifetime (hours)", what: "Sessions, from sign-in", unit: "hours" },
};

/** An empty box is null: no logo, or the platform's default lifetime. */
const orNull = (value: unknown) => (typeof value === "string" && value.trim() === "" ? null : value);
const wholeOrNull = (value: unknown) => (value === "" || value === null ? null : Number(value));

/**
 * The workspace's settings: name, logo, two-step verification, the network allow-list and the
 * token policy, validated in the browser with the server's own schema and this workspace's limits.
 * An allow-list that leaves out the caller's address is refused until they confirm it.
 */
export function WorkspaceSettingsForm({ settings, tokenLimits, tokenLifetimes, ip }: WorkspaceSettingsFormProps) {
  const ids = useId();
  const [lockout, setLockout] = useState<string | null>(null);
  const { form, onSubmit, formError, succeeded, busy } = useActionForm({
    schema: workspaceSettingsSchema(tokenLimits),
    defaultValues: { ...settings, ipAllowlist: settings.ipAllowlist.join("\n"), confirmLockout: false },
    submit: async (values) => {
      setLockout(null);
      const result = await updateWorkspaceSettingsAction(values);
      // A confirmation is for the list it was shown for: the next change asks again.
      form.setValue("confirmLockout", false);
      if (!result.ok && result.code === "WOULD_LOCK_OUT") setLockout(result.message);
      return result;
    },
    // The server names nested fields by their path; they are fields of this form too.
    fieldAliases: { "tokenPolicy.accessTokenMinutes": "tokenPolicy.accessTokenMinutes", "tokenPolicy.sessionHours": "tokenPolicy.sessionHours" },
    repeatable: true,
  });
  const { errors } = form.formState;
  const confirmLockout = () => {
    form.setValue("confirmLockout", true);
    void onSubmit();
  };
  const allowlistId = `${ids}-allowlist`;
  const allowlistHelp = `${allowlistId}-hint${errors.ipAllowlist ? ` ${allowlistId}-error` : ""}`;

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={busy}>
      {lockout ? (
        <div className="alert error" role="alert">
          <p>
            <strong>You would lock yourself out.</strong> {lockout}
          </p>
          <p className="actions">
            <button type="button" className="danger" onClick={confirmLockout} disabled={busy}>
              Turn it on anyway
            </button>
          </p>
        </div>
      ) : (
        <FormAlert message={formError} />
      )}
      {succeeded && <FormAlert tone="ok" message="Settings saved." />}

      <fieldset className="group">
        <legend>Workspace</legend>
        <TextField label="Name" autoComplete="organization" error={errors.name?.message} {...form.register("name")} />
        <TextField label="Logo URL" hint="An https:// address, or a path on Gatehouse such as /logos/acme.svg. Leave empty for none." inputMode="url" error={errors.logo?.message} {...form.register("logo", { setValueAs: orNull })} />
      </fieldset>

      <fieldset className="group">
        <legend>Sign-in</legend>
        <div className="check">
          <input type="checkbox" id={`${ids}-mfa`} aria-describedby={`${ids}-mfa-hint`} {...form.register("mfaRequired")} />
          <div>
            <label htmlFor={`${ids}-mfa`}>Require two-step verification</label>
            <p id={`${ids}-mfa-hint`} className="muted">
              Members must have passed it in their session to enter.
            </p>
          </div>
        </div>
      </fieldset>

      <fieldset className="group">
        <legend>Network</legend>
        <div className="check">
          <input type="checkbox" id={`${ids}-ip`} aria-describedby={`${ids}-ip-hint`} {...form.register("ipRestricted")} />
          <div>
            <label htmlFor={`${ids}-ip`}>Only admit connections from the allowed addresses</label>
            <p id={`${ids}-ip-hint`} className="muted">
              {ip ? `You are connecting from ${ip}.` : "Gatehouse cannot tell your address, so it counts as outside the list."}
            </p>
          </div>
        </div>
        <div className="field">
          <label htmlFor={allowlistId}>Allowed addresses</label>
          <p id={`${allowlistId}-hint`} className="muted">
            One IP range per line, such as 10.0.0.0/8 or 2001:db8::/32.
          </p>
          <textarea id={allowlistId} rows={4} spellCheck={false} className="mono" aria-invalid={errors.ipAllowlist ? true : undefined} aria-describedby={allowlistHelp} {...form.register("ipAllowlist")} />
          {errors.ipAllowlist && (
            <p id={`${allowlistId}-error`} className="field-error" role="alert">
              {errors.ipAllowlist.message}
            </p>
          )}
        </div>
      </fieldset>

      <fieldset className="group">
        <legend>Token policy</legend>
        {(["accessTokenMinutes", "sessionHours"] as const).map((field) => {
          const { label, what, unit } = LIFETIME_TEXT[field];
          const chosen = settings.tokenPolicy[field];
          // A landlord's bound lowered below the stored choice: say what applies now.
          const lowered = chosen !== null && chosen > tokenLifetimes[field] ? ` They get ${tokenLifetimes[field]} now: the bound is lower than this setting.` : "";
          return (
            <TextField
              key={field}
              label={label}
              type="number"
              inputMode="numeric"
              min={1}
              max={tokenLimits[field]}
              hint={`${what}: 1–${tokenLimits[field]} ${unit}. Leave empty for the longest allowed.${lowered}`}
              error={errors.tokenPolicy?.[field]?.message}
              {...form.register(`tokenPolicy.${field}`, { setValueAs: wholeOrNull })}
            />
          );
        })}
      </fieldset>

      <button type="submit" disabled={busy}>
        {busy ? "Saving…" : "Save settings"}
      </button>
    </form>
  );
}
