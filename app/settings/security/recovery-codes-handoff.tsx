"use client";

import Link from "next/link";
import { createContext, use, useState, type ReactNode } from "react";
import { ActionButton } from "@/app/ui/action-button";
import { FormAlert } from "@/app/ui/form";
import { selectWorkspaceAction } from "@/app/workspaces/actions";
import { RecoveryCodes } from "./recovery-codes";

/** Where the person goes once two-step verification is on: a workspace of theirs, another page, or nowhere. */
export type SetUpDestination = { kind: "workspace"; guid: string; name: string; path: string } | { kind: "path"; href: string } | null;

interface Handoff {
  codes: string[] | null;
  show: (codes: string[] | null) => void;
}

const HandoffContext = createContext<Handoff | null>(null);

/**
 * Holds the recovery codes of a set-up just confirmed while the page is drawn again: the server
 * then shows the true state (on, no key, no restart), and the codes, shown once, live only here.
 * It wraps the whole card so it stays mounted when the set-up branch gives way to the "on" one.
 */
export function RecoveryCodesHandoff({ children }: { children: ReactNode }) {
  const [codes, show] = useState<string[] | null>(null);
  return <HandoffContext value={{ codes, show }}>{children}</HandoffContext>;
}

/** The handoff's setter, for the set-up form. */
export function useShowRecoveryCodes(): (codes: string[] | null) => void {
  const handoff = use(HandoffContext);
  if (!handoff) throw new Error("useShowRecoveryCodes needs a RecoveryCodesHandoff around it");
  return handoff.show;
}

/**
 * What follows "Status: on": right after set-up the confirmation and the recovery codes, then the
 * way on; a workspace is entered directly (it asked for the factor), another page linked.
 */
export function TotpOnOutcome({ destination }: { destination: SetUpDestination }) {
  const handoff = use(HandoffContext);
  const codes = handoff?.codes ?? null;
  const saved = codes ? "I have saved my codes" : null;

  const onward =
    destination?.kind === "workspace" ? (
      <ActionButton action={() => selectWorkspaceAction(destination.guid, destination.path)} label={`Continue to ${destination.name}`} pendingLabel="Entering…" />
    ) : destination?.kind === "path" ? (
      <Link className="button" href={destination.href}>
        {saved ? `${saved}, continue` : "Continue"}
      </Link>
    ) : saved ? (
      <button type="button" onClick={() => handoff?.show(null)}>
        {saved}
      </button>
    ) : null;

  return (
    <>
      {codes && (
        <>
          <FormAlert tone="ok" message="Two-step verification is on." />
          <RecoveryCodes codes={codes} />
        </>
      )}
      {onward && <p>{onward}</p>}
    </>
  );
}
