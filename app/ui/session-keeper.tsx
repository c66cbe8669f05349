"use client";

import { useEffect, useRef } from "react";
import { refreshDueAt } from "@/lib/auth/browser-session";

/** After a failed refresh (network, server busy), try again this much later while time remains. */
const RETRY_MS = 15_000;

/**
 * Keeps a signed-in page's session alive: asks /auth/refresh (same origin; the cookie carries the
 * refresh token, never this script) to rotate the tokens a minute before the access token
 * expires (halfway for short-lived ones, `refreshDueAt`), and again when the window regains focus
 * once that time has come (timers sleep in background tabs). A 401 means the session is over,
 * and so does a 403 (its workspace was suspended): the person signs in again, and the sign-in
 * page's way there says why. The root layout remounts it for each workspace, whose tokens may
 * live shorter than the ones held until then.
 */
export function SessionKeeper({ accessExpiresAt }: { accessExpiresAt: number }) {
  const expiresAt = useRef(accessExpiresAt);
  const learnedAt = useRef(0);
  const reschedule = useRef<() => void>(() => {});

  useEffect(() => {
    // A server render after a sign-in step brings a newer expiry than the one we hold.
    if (accessExpiresAt > expiresAt.current) {
      expiresAt.current = accessExpiresAt;
      learnedAt.current = Date.now();
      reschedule.current();
    }
  }, [accessExpiresAt]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let inFlight = false;
    let stopped = false;

    const schedule = (delay = refreshDueAt(expiresAt.current, learnedAt.current) - Date.now()) => {
      clearTimeout(timer);
      if (stopped) return;
      // setTimeout overflows past ~24.8 days; a session never lasts that long.
      timer = setTimeout(refresh, Math.min(Math.max(delay, 0), 2 ** 31 - 1));
    };

    const refresh = async () => {
      if (inFlight || stopped) return;
      inFlight = true;
      let retry = false;
      try {
        const response = await fetch("/auth/refresh", { method: "POST", credentials: "same-origin", cache: "no-store", headers: { accept: "application/json" } });
        if (response.status === 401 || response.status === 403) {
          stopped = true;
          const back = `${window.location.pathname}${window.location.search}`;
          // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full load, not router.push: nothing of the signed-in client state survives
          window.location.assign(`/login?callbackUrl=${encodeURIComponent(back)}`);
          return;
        }
        if (response.ok) {
          const body: unknown = await response.json();
          if (body && typeof body === "object" && typeof (body as { expiresAt?: unknown }).expiresAt === "number") {
            expiresAt.current = (body as { expiresAt: number }).expiresAt;
            learnedAt.current = Date.now();
          }
        } else {
          retry = true;
        }
      } catch {
        retry = true;
      } finally {
        inFlight = false;
      }
      // Past expiry, the next page request goes through middleware's refresh instead.
      if (retry) {
        if (expiresAt.current > Date.now()) schedule(RETRY_MS);
      } else {
        schedule();
      }
    };

    const onFocus = () => {
      if (Date.now() >= refreshDueAt(expiresAt.current, learnedAt.current)) void refresh();
    };
    const onVisible = () => {
      if (document.visibilityState === "visible") onFocus();
    };

    reschedule.current = () => schedule();
    learnedAt.current = Date.now();
    schedule();
    window.addEventListener("focus", onFocus);
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      stopped = true;
      clearTimeout(timer);
      window.removeEventListener("focus", onFocus);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, []);

  return null;
}
