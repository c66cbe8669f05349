"use client";

import { ActionButton } from "@/app/ui/action-button";
import { joinWorkspaceAction } from "./actions";

/** Joins the workspace as the signed-in invited account; the action then goes to /workspaces. */
export function JoinWorkspaceButton({ token, name }: { token: string; name: string }) {
  return <ActionButton action={() => joinWorkspaceAction(token)} label={`Join ${name}`} pendingLabel="Joining…" />;
}
