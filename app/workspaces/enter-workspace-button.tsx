"use client";

import Link from "next/link";
import { useState, useTransition } from "react";
import { requirementSummary, SET_UP_MFA_HREF } from "@/app/ui/requirements";
import type { ActionResult } from "@/lib/auth/action";
import { selectWorkspaceAction } from "./actions";

type Refusal = Extract<ActionResult, { ok: false }>;

/** Enters one workspace; a refusal (policy changed since the page was drawn) is explained in place. */
export function EnterWorkspaceButton({ guid, name, callbackUrl }: { guid: string; name: string; callbackUrl: string | null }) {
  const [pending, startTransition] = useTransition();
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [redirecting, setRedirecting] = useState(false);
  const busy = pending || redirecting;

  return (
    <div className="enter">
      <button
        type="button"
        disabled={busy}
        onClick={() =>
          startTransition(async () => {
            setRefusal(null);
            const result = await selectWorkspaceAction(guid, callbackUrl);
            if (!result || result.ok) setRedirecting(true);
            else setRefusal(result);
          })
        }
      >
        {busy ? "Entering…" : "Enter"}
        <span className="visually-hidden"> {name}</span>
      </button>
      {refusal && <RefusalMessage refusal={refusal} />}
    </div>
  );
}

/** Why the workspace could not be entered, with the way forward. */
export function RefusalMessage({ refusal }: { refusal: Refusal }) {
  return (
    <div className="alert error" role="alert">
      <p>{refusal.code === "POLICY_REQUIREMENTS" ? "You cannot enter this workspace yet." : refusal.message}</p>
      {refusal.requirements && (
        <ul>
          {refusal.requirements.map((requirement) => (
            <li key={requirement.type}>
              {requirementSummary(requirement)}
              {requirement.type === "mfa_enroll" && (
                <>
                  {" "}
                  <Link href={SET_UP_MFA_HREF}>Set up two-step verification</Link>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {(refusal.code === "SESSION_ENDED" || refusal.code === "INVALID_TOKEN" || refusal.code === "UNAUTHENTICATED") && <Link href="/login">Sign in again</Link>}
    </div>
  );
}
