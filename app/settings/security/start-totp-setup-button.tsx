"use client";

import { useRouter } from "next/navigation";
import { ActionButton } from "@/app/ui/action-button";
import { startTotpSetupAction } from "./actions";

/** Begins set-up (a new key); the page then draws the QR code and the key. */
export function StartTotpSetupButton({ label, className }: { label: string; className?: string }) {
  const router = useRouter();
  return (
    <div>
      <ActionButton action={startTotpSetupAction} label={label} pendingLabel="Preparing…" className={className} onSuccess={() => router.refresh()} />
    </div>
  );
}
