"use client";

import { signOutAction } from "@/app/actions";
import { ActionButton } from "./action-button";

/** Ends the session; on success the action redirects to `next`, else to /login. */
export function SignOutButton({ className = "secondary", label = "Sign out", next }: { className?: string; label?: string; next?: string }) {
  return <ActionButton action={() => signOutAction(next)} label={label} pendingLabel="Signing out…" className={className} />;
}
