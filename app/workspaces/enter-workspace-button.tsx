"use client";

import { useEffect, useRef, useState, useTransition } from "react";
import { refusalReasonOf, WorkspaceRefusal, type RefusedWorkspace, type WorkspaceRefusalReason } from "@/app/ui/workspace-refusal";
import { selectWorkspaceAction } from "./actions";
import styles from "./workspaces.module.css";

/**
 * Enters one workspace through the server action (a POST: entering is never a GET with side
 * effects). With `enterOnMount` (a deep link the person may follow) it starts by itself and says
 * so; the button stays as the way to try again. A refusal (the policy changed since the page was
 * drawn) is explained in place.
 */
export function EnterWorkspaceButton({
  workspace,
  ip,
  callbackUrl,
  enterOnMount = false,
}: {
  workspace: RefusedWorkspace & { guid: string };
  ip: string | null;
  callbackUrl: string | null;
  enterOnMount?: boolean;
}) {
  const [pending, startTransition] = useTransition();
  const [refusal, setRefusal] = useState<WorkspaceRefusalReason | null>(null);
  const [redirecting, setRedirecting] = useState(false);
  const started = useRef(false);
  const busy = pending || redirecting;

  const enter = () =>
    startTransition(async () => {
      setRefusal(null);
      const result = await selectWorkspaceAction(workspace.guid, callbackUrl);
      if (!result || result.ok) setRedirecting(true);
      else setRefusal(refusalReasonOf(result));
    });

  useEffect(() => {
    // Once per page, whatever the development mode's double effects do.
    if (!enterOnMount || started.current) return;
    started.current = true;
    enter();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- on mount only
  }, []);

  return (
    <div className={styles.enter}>
      {enterOnMount && (
        <p role="status" className={styles.status}>
          {busy ? `Entering ${workspace.name}…` : ""}
        </p>
      )}
      <button type="button" disabled={busy} onClick={enter}>
        {busy ? "Entering…" : "Enter"}
        <span className="visually-hidden"> {workspace.name}</span>
      </button>
      {refusal && <WorkspaceRefusal workspace={workspace} reason={refusal} ip={ip} live titled />}
    </div>
  );
}
