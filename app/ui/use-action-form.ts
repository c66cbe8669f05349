"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRef, useState, type BaseSyntheticEvent } from "react";
import { useForm, type DefaultValues, type FieldValues, type Path, type Resolver } from "react-hook-form";
import type { z } from "zod";
import type { ActionResult } from "@/lib/auth/action";

export type ActionFailure = Extract<ActionResult<unknown>, { ok: false }>;

/** The sentence shown for a failure that belongs to the whole form. */
export function failureMessage(failure: ActionFailure): string {
  return failure.code === "TOO_MANY_REQUESTS" ? `Too many attempts. Try again in ${failure.retryAfter ?? 30} seconds.` : failure.message;
}

interface ActionFormOptions<V extends FieldValues, O, D> {
  /** The form's zod schema: the same one its server action parses. */
  schema: z.ZodType<O, V>;
  defaultValues: DefaultValues<V>;
  /** Calls the server action with the parsed values; `undefined` (it redirected) counts as success. */
  submit: (values: O) => Promise<ActionResult<D> | undefined>;
  onSuccess?: (data: D | undefined) => void;
  /** A one-time code is emptied after a refusal, so the next one can be typed straight away. */
  clearOnFailure?: Path<V>;
  /** Server field names that stand for a form field of another name (the API's `verificationCode`). */
  fieldAliases?: Record<string, Path<V>>;
  /** The form stays on the page after a success (settings) and may be sent again. */
  repeatable?: boolean;
}

/**
 * A react-hook-form form bound to a server action: client-side validation with the shared zod
 * schema, one submission at a time (auto-submit and a click can race), the server's field errors
 * placed on their fields, anything else shown for the whole form.
 */
export function useActionForm<V extends FieldValues, O, D = undefined>({ schema, defaultValues, submit, onSuccess, clearOnFailure, fieldAliases = {}, repeatable = false }: ActionFormOptions<V, O, D>) {
  const form = useForm<V, unknown, O>({ resolver: zodResolver(schema) as unknown as Resolver<V, unknown, O>, defaultValues });
  const [formError, setFormError] = useState<string | null>(null);
  const [succeeded, setSucceeded] = useState(false);
  const inFlight = useRef(false);

  // Built at submit time, not during render: the handler reads the ref (react-hooks/refs).
  const onSubmit = (event?: BaseSyntheticEvent) => form.handleSubmit(async (values) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setFormError(null);
    setSucceeded(false);
    try {
      const result = await submit(values);
      if (!result || result.ok) {
        setSucceeded(true);
        onSuccess?.(result?.data);
        return;
      }
      if (clearOnFailure) form.setValue(clearOnFailure, "" as V[Path<V>]);
      let placed = false;
      for (const [field, message] of Object.entries(result.fieldErrors ?? {})) {
        const target = fieldAliases[field] ?? (Object.hasOwn(defaultValues, field) ? (field as Path<V>) : null);
        if (!target) continue;
        form.setError(target, { message }, { shouldFocus: !placed });
        placed = true;
      }
      if (!placed) {
        setFormError(failureMessage(result));
        if (clearOnFailure) form.setFocus(clearOnFailure);
      }
    } finally {
      inFlight.current = false;
    }
  })(event);

  return { form, onSubmit, formError, succeeded, busy: form.formState.isSubmitting || (succeeded && !repeatable) };
}
