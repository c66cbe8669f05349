"use client";

import { usePathname } from "next/navigation";
import { createContext, useContext, useState, type ReactNode } from "react";

const StatusContext = createContext<(message: string) => void>(() => {});

/**
 * The console's status line, above every page: the outcome of the last action stays readable
 * (and announced) even when the row it came from is gone or redrawn. Another page clears it.
 */
export function ConsoleStatus({ children }: { children: ReactNode }) {
  const path = usePathname();
  const [status, setStatus] = useState<{ message: string; path: string } | null>(null);
  const message = status?.path === path ? status.message : null;
  return (
    <StatusContext.Provider value={(next) => setStatus({ message: next, path })}>
      <div role="status" className="console-status">
        {message && <div className="alert ok">{message}</div>}
      </div>
      {children}
    </StatusContext.Provider>
  );
}

/** Shows an action's success in the console's status line (refusals are shown beside the control). */
export function useConsoleStatus(): (message: string) => void {
  return useContext(StatusContext);
}
