"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useId, useRef, useState, type FocusEvent } from "react";
import { SignOutButton } from "./sign-out-button";

export interface AccountMenuProps {
  name: string | null;
  email: string;
  /** `/w/<subdomain>` of the workspace the person is working in, if any. */
  workspaceHref: string | null;
  adminConsole: boolean;
}

/**
 * The signed-in person's menu in the site header: a disclosure button with their name, opening
 * their places and Sign out (the WAI disclosure-navigation pattern, so links stay links and Tab
 * walks them). Escape closes it and returns focus to the button; a press outside it or focus
 * leaving it closes it too. Convenience only: every page guards itself.
 */
export function AccountMenu({ name, email, workspaceHref, adminConsole }: AccountMenuProps) {
  const pathname = usePathname();
  // Open for the page it was opened on: the layout (and this state) outlives a navigation, so a
  // followed link closes it without an effect.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const panelId = useId();
  const navRef = useRef<HTMLElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  // While open: a press outside closes it; Escape, wherever focus is, closes it and returns
  // focus to the button.
  useEffect(() => {
    if (!open) return;
    const closeOutside = (event: PointerEvent) => {
      if (!navRef.current?.contains(event.target as Node)) setOpenOn(null);
    };
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpenOn(null);
      buttonRef.current?.focus();
    };
    document.addEventListener("pointerdown", closeOutside);
    document.addEventListener("keydown", closeOnEscape);
    return () => {
      document.removeEventListener("pointerdown", closeOutside);
      document.removeEventListener("keydown", closeOnEscape);
    };
  }, [open]);

  function onBlur(event: FocusEvent) {
    // null: focus went nowhere (a click on the page's background), which pointerdown handles.
    if (event.relatedTarget && !navRef.current?.contains(event.relatedTarget as Node)) setOpenOn(null);
  }

  const label = name ?? email;
  return (
    <nav aria-label="Account" className="account-menu" ref={navRef} onBlur={onBlur}>
      <button ref={buttonRef} type="button" className="account-button" aria-expanded={open} aria-controls={panelId} onClick={() => setOpenOn(open ? null : pathname)}>
        <span className="account-initial" aria-hidden="true">
          {label.charAt(0).toUpperCase()}
        </span>
        <span className="account-label">{label}</span>
        <svg className="account-chevron" aria-hidden="true" focusable="false" width="12" height="12" viewBox="0 0 12 12">
          <path d="M2 4.5 6 8.5 10 4.5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      </button>
      <div id={panelId} className="account-panel" hidden={!open}>
        <p className="account-who">
          {name && <span className="account-name">{name}</span>}
          <span className="account-email">{email}</span>
        </p>
        <ul role="list">
          {workspaceHref && (
            <li>
              <Link href={workspaceHref}>Current workspace</Link>
            </li>
          )}
          <li>
            <Link href="/workspaces">Workspaces</Link>
          </li>
          <li>
            <Link href="/settings/security">Security</Link>
          </li>
          <li>
            <Link href="/settings/sessions">Sessions</Link>
          </li>
          {adminConsole && (
            <li>
              <Link href="/admin">Admin console</Link>
            </li>
          )}
        </ul>
        <SignOutButton />
      </div>
    </nav>
  );
}
