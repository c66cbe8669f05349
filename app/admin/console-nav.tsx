"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const SECTIONS = [
  { href: "/admin", label: "Workspaces", matches: (path: string) => path === "/admin" || path.startsWith("/admin/workspaces") },
  { href: "/admin/invitations", label: "Invitations", matches: (path: string) => path.startsWith("/admin/invitations") },
  { href: "/admin/users", label: "Users", matches: (path: string) => path.startsWith("/admin/users") },
  { href: "/admin/audit", label: "Audit log", matches: (path: string) => path.startsWith("/admin/audit") },
];

/** The console's sections; the current one is marked for assistive technology too. */
export function ConsoleNav() {
  const path = usePathname();
  return (
    <nav aria-label="Admin console" className="console-nav">
      <ul role="list">
        {SECTIONS.map((section) => (
          <li key={section.href}>
            <Link href={section.href} aria-current={section.matches(path) ? "page" : undefined}>
              {section.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
