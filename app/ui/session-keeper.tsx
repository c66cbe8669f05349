"use client";

import { useEffect, useRef } from "react";
import { REFRESH_AHEAD_MS } from "@/lib/auth/browser-session";

/** After a failed refresh (network, server busy), try again this much later while time remains. */
const RETRY_MS = 15_000;

/**
 * Keeps a signed-in page's session alive: asks /auth/refresh (same origin; the cookie carries the
 * refresh token, never this script) to rotate the tokens a minute before the access token
 * expires, and again when the window regains focus close to expiry (timers sleep in background
 * tabs). A 401 means the session is over, and so does a 403 (its workspace was suspended): the
 * person signs in again, and the sign-in page's way there says why.
 */
export function SessionKeeper({ accessExpiresAt }: { accessExpiresAt: number }) {
  const expiresAt = useRef(accessExpiresAt);
  const reschedule = useRef<() => void>(() => {});

  useEffect(() => {
    // A server render after a sign-in step brings a newer expiry than the one we hold.
    if (accessExpiresAt > expiresAt.current) {
      expiresAt.current = accessExpiresAt;
      reschedule.current();
    }
  }, [accessExpiresAt]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let inFlight = false;
    let stopped = false;

    const schedule = (delay = expiresAt.current - REFRESH_AHEAD_MS - Date.now()) => {
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
          if (body && typeof body === "object" && typeof (body as { expiresAt?: unknown }).expiresAt === "number") expiresAt.current = (body as { expiresAt: number }).expiresAt;
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
      if (expiresAt.current - Date.now() <= REFRESH_AHEAD_MS) void refresh();
    };
    const onVisible = () => {
      if (document.visibilityState === "visible") onFocus();
    };

    reschedule.current = () => schedule();
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
