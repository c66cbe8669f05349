"use client";

import { signOutAction } from "@/app/actions";
import { ActionButton } from "./action-button";

/** Ends the session; on success the action redirects to /login. */
export function SignOutButton({ className = "secondary", label = "Sign out" }: { className?: string; label?: string }) {
  return <ActionButton action={signOutAction} label={label} pendingLabel="Signing out…" className={className} />;
}
