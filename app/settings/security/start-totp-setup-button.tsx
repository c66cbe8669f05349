"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { FormAlert } from "@/app/ui/form";
import { startTotpSetupAction } from "./actions";

/** Begins set-up (a new key); the page then draws the QR code and the key. */
export function StartTotpSetupButton({ label, className }: { label: string; className?: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <div>
      <FormAlert message={error} />
      <button
        type="button"
        className={className}
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            setError(null);
            const result = await startTotpSetupAction();
            if (result.ok) router.refresh();
            else setError(result.message);
          })
        }
      >
        {pending ? "Preparing…" : label}
      </button>
    </div>
  );
}
