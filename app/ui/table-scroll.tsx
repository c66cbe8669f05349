import type { ReactNode } from "react";

/**
 * The box around a table that may be wider than the screen (a phone): it scrolls sideways, so it
 * is a named region that the keyboard can reach and scroll (axe: scrollable-region-focusable).
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
