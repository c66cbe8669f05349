"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** The settings sections, the one being shown marked as the current page. */
export function SettingsNav({ sections }: { sections: Array<{ href: string; label: string }> }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Settings" className="settings-nav">
      <ul role="list">
        {sections.map((section) => (
          <li key={section.href}>
            <Link href={section.href} aria-current={pathname === section.href ? "page" : undefined}>
              {section.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
