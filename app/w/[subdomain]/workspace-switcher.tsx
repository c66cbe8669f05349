"use client";

import { useId, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/action";
import { selectWorkspaceAction } from "@/app/workspaces/actions";
import { RefusalMessage } from "@/app/workspaces/enter-workspace-button";

/** Switches to another of the user's workspaces (the selection is checked again on the server). */
export function WorkspaceSwitcher({ workspaces }: { workspaces: Array<{ guid: string; name: string }> }) {
  const id = useId();
  const [guid, setGuid] = useState(workspaces[0]?.guid ?? "");
  const [pending, startTransition] = useTransition();
  const [refusal, setRefusal] = useState<Extract<ActionResult, { ok: false }> | null>(null);

  return (
    <form
      className="switcher"
      onSubmit={(event) => {
        event.preventDefault();
        startTransition(async () => {
          setRefusal(null);
          const result = await selectWorkspaceAction(guid, null);
          if (result && !result.ok) setRefusal(result);
        });
      }}
    >
      <label htmlFor={id}>Switch workspace</label>
      <select id={id} value={guid} onChange={(event) => setGuid(event.target.value)} disabled={pending}>
        {workspaces.map((workspace) => (
          <option key={workspace.guid} value={workspace.guid}>
            {workspace.name}
          </option>
        ))}
      </select>
      <button type="submit" className="secondary" disabled={pending}>
        {pending ? "Switching…" : "Switch"}
      </button>
      {refusal && <RefusalMessage refusal={refusal} />}
    </form>
  );
}
