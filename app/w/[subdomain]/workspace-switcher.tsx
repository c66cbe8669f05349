"use client";

import { useEffect, useId, useRef, useState, useTransition, type KeyboardEvent, type ReactNode } from "react";
import { requirementLabel } from "@/app/ui/requirements";
import { refusalReasonOf, WorkspaceRefusal, type RefusedWorkspace, type WorkspaceRefusalReason } from "@/app/ui/workspace-refusal";
import { selectWorkspaceAction } from "@/app/workspaces/actions";
import type { WorkspaceEntry } from "@/lib/workspaces";
import styles from "./workspace-bar.module.css";

export interface SwitcherOption extends RefusedWorkspace {
  guid: string;
  role: string;
  current: boolean;
  entry: WorkspaceEntry;
}

/** Why an option cannot be entered, in a few words (the server refuses it anyway). */
function markOf(entry: WorkspaceEntry): string | null {
  if (entry.kind === "suspended") return "Suspended";
  if (entry.kind === "requirements") return entry.requirements.map(requirementLabel).join(" · ");
  return null;
}

/**
 * The workspace bar's row: `children` (the current workspace's name) and a button opening the
 * person's workspaces, last used first, filterable, each marked with why it cannot be entered.
 * A disclosure over a list of buttons: arrow keys move through them, Escape closes. A refused
 * switch closes the list and is explained under the row, which keeps its one line.
 */
export function WorkspaceSwitcher({ options, ip, children }: { options: SwitcherOption[]; ip: string | null; children: ReactNode }) {
  const panelId = useId();
  const filterId = useId();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [pending, startTransition] = useTransition();
  const [target, setTarget] = useState<SwitcherOption | null>(null);
  const [refusal, setRefusal] = useState<{ workspace: SwitcherOption; reason: WorkspaceRefusalReason } | null>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const filter = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);

  useEffect(() => {
    if (open) filter.current?.focus();
  }, [open]);

  const close = (focusTrigger: boolean) => {
    setOpen(false);
    setQuery("");
    if (focusTrigger) trigger.current?.focus();
  };

  const switchTo = (option: SwitcherOption) =>
    startTransition(async () => {
      setRefusal(null);
      setTarget(option);
      const result = await selectWorkspaceAction(option.guid, null);
      // Success navigates away; a refusal leaves the person where they are, and says why.
      if (result && !result.ok) {
        setTarget(null);
        setRefusal({ workspace: option, reason: refusalReasonOf(result) });
        close(true);
      }
    });

  const needle = query.trim().toLocaleLowerCase();
  const shown = needle ? options.filter((option) => option.name.toLocaleLowerCase().includes(needle) || option.subdomain.includes(needle)) : options;
  const others = options.filter((option) => !option.current);

  /** Arrow keys move focus through the filter and the options' buttons; Escape closes. */
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === "Escape") {
      event.preventDefault();
      close(true);
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const stops = [filter.current, ...Array.from(list.current?.querySelectorAll<HTMLButtonElement>("button:not(:disabled)") ?? [])].filter((stop) => stop !== null);
    const at = stops.indexOf(document.activeElement as HTMLButtonElement | HTMLInputElement);
    const next = event.key === "ArrowDown" ? Math.min(at + 1, stops.length - 1) : Math.max(at - 1, 0);
    event.preventDefault();
    stops[next]?.focus();
  };

  return (
    <>
      <div className={styles.row}>
        {children}
        {others.length > 0 && (
          <div
            className={styles.switcher}
            onKeyDown={open ? onKeyDown : undefined}
            onBlur={(event) => {
              // Focus leaving the switcher (Tab, a click elsewhere) closes the list.
              if (open && !event.currentTarget.contains(event.relatedTarget as Node | null)) close(false);
            }}
          >
            <button ref={trigger} type="button" className={`secondary ${styles.trigger}`} aria-expanded={open} aria-controls={panelId} onClick={() => (open ? close(true) : setOpen(true))}>
              Switch workspace
              <span aria-hidden="true">▾</span>
            </button>
            {open && (
              <div id={panelId} className={styles.panel} role="group" aria-label="Your workspaces">
                <label htmlFor={filterId} className={styles.filterLabel}>
                  Find a workspace
                </label>
                <input
                  ref={filter}
                  id={filterId}
                  type="search"
                  className={styles.filter}
                  value={query}
                  autoComplete="off"
                  onChange={(event) => setQuery(event.target.value)}
                />
                {shown.length === 0 ? (
                  <p className={styles.empty} role="status">
                    No workspace matches “{query}”.
                  </p>
                ) : (
                  <ul ref={list} className={styles.options}>
                    {shown.map((option) => (
                      <li key={option.guid}>
                        {option.current ? (
                          <span className={styles.currentOption} aria-current="true">
                            <span className={styles.optionName}>{option.name}</span>
                            <span className={styles.optionMeta}>{option.role} · current</span>
                          </span>
                        ) : (
                          <button type="button" className={styles.option} disabled={pending} onClick={() => switchTo(option)}>
                            <span className={styles.optionName}>{option.name}</span>
                            <span className={styles.optionMeta}>{option.role}</span>
                            {markOf(option.entry) && <span className={styles.mark}>{markOf(option.entry)}</span>}
                          </button>
                        )}
                      </li>
                    ))}
                  </ul>
                )}
                <p className={styles.status} role="status">
                  {pending && target ? `Switching to ${target.name}…` : ""}
                </p>
              </div>
            )}
          </div>
        )}
      </div>
      {refusal && (
        <div className={styles.refusal}>
          <WorkspaceRefusal workspace={refusal.workspace} reason={refusal.reason} ip={ip} live titled />
        </div>
      )}
    </>
  );
}
