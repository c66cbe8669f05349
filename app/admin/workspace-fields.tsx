"use client";

import { forwardRef, useId, type InputHTMLAttributes } from "react";
import { Controller, type FieldValues, type Path, type UseFormReturn } from "react-hook-form";
import { TextField } from "@/app/ui/form";

/** The fields the landlord sets on a workspace both when creating it and afterwards. */
type WorkspaceFieldValues = { logo?: string | null; mfaRequired?: boolean; ipRestricted?: boolean; ipAllowlist?: string[] };

/** An empty logo field means no logo (null), never an invalid empty URL. */
const logoValue = (value: unknown) => (typeof value === "string" && value.trim() === "" ? null : value);

/** A checkbox with its label and what it does. */
const CheckboxField = forwardRef<HTMLInputElement, InputHTMLAttributes<HTMLInputElement> & { label: string; hint: string }>(function CheckboxField({ label, hint, ...input }, ref) {
  const id = useId();
  return (
    <div className="field checkbox-field">
      <div>
        <input ref={ref} id={id} type="checkbox" aria-describedby={`${id}-hint`} {...input} />
        <label htmlFor={id}>{label}</label>
      </div>
      <p id={`${id}-hint`} className="muted">
        {hint}
      </p>
    </div>
  );
});

/**
 * Logo, MFA requirement, IP restriction and its allow-list, one CIDR range per line (the
 * schema's list: lines are split as typed, and blank ones dropped when the field is left).
 */
export function WorkspacePolicyFields<T extends FieldValues & WorkspaceFieldValues>({ form }: { form: UseFormReturn<T> }) {
  const id = useId();
  const errors = form.formState.errors as Partial<Record<keyof WorkspaceFieldValues, { message?: string }>>;
  const field = (name: keyof WorkspaceFieldValues) => name as Path<T>;
  return (
    <>
      <TextField label="Logo URL" hint="An https:// address, or a path on Gatehouse such as /logos/acme.svg. Leave empty for none." error={errors.logo?.message} {...form.register(field("logo"), { setValueAs: logoValue })} />
      <CheckboxField label="Members must use two-step verification" hint="Entering the workspace needs MFA set up and used in this sign-in." {...form.register(field("mfaRequired"))} />
      <CheckboxField label="Only from allowed networks" hint="Members can enter only from an address in the ranges below." {...form.register(field("ipRestricted"))} />
      <Controller
        control={form.control}
        name={field("ipAllowlist")}
        render={({ field: list }) => {
          const lines = (list.value as string[] | undefined) ?? [];
          const error = errors.ipAllowlist?.message;
          return (
            <div className="field">
              <label htmlFor={`${id}-allowlist`}>Allowed networks</label>
              <p id={`${id}-allowlist-hint`} className="muted">
                One IP range per line, such as 10.0.0.0/8 or 2001:db8::/32.
              </p>
              <textarea
                id={`${id}-allowlist`}
                ref={list.ref}
                name={list.name}
                rows={4}
                className="mono"
                value={lines.join("\n")}
                onChange={(event) => list.onChange(event.target.value.split("\n"))}
                onBlur={() => {
                  list.onChange(lines.map((line) => line.trim()).filter(Boolean));
                  list.onBlur();
                }}
                aria-invalid={error ? true : undefined}
                aria-describedby={[`${id}-allowlist-hint`, error ? `${id}-allowlist-error` : null].filter(Boolean).join(" ")}
              />
              {error && (
                <p id={`${id}-allowlist-error`} className="field-error" role="alert">
                  {error}
                </p>
              )}
            </div>
          );
        }}
      />
    </>
  );
}
