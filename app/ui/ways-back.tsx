import Link from "next/link";
import type { ReactNode } from "react";

/**
 * The body of a page that stands in for the one asked for (not found, an error): a heading, why,
 * and the ways back into the journey. `actions` come first (e.g. "Try again").
 */
export function WaysBack({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="card narrow" aria-labelledby="ways-back-title">
      <h1 id="ways-back-title">{title}</h1>
      {children}
      <nav aria-label="Ways back">
        <ul role="list" className="actions">
          {actions && <li>{actions}</li>}
          <li>
            <Link className={actions ? "button secondary" : "button"} href="/workspaces">
              Workspaces
            </Link>
          </li>
          <li>
            <Link className="button secondary" href="/login">
              Sign in
            </Link>
          </li>
        </ul>
      </nav>
    </section>
  );
}
