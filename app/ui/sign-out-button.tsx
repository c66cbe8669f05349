"use client";

import { useState, useTransition } from "react";
import { signOutAction } from "@/app/actions";

/** Ends the session; on success the action redirects to /login. */
export function SignOutButton({ className = "secondary", label = "Sign out" }: { className?: string; label?: string }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className={className}
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            setError(null);
            const result = await signOutAction();
            if (result && !result.ok) setError(result.message);
          })
        }
      >
        {pending ? "Signing out…" : label}
      </button>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
