import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import type { ReactNode } from "react";
import { AccountNav } from "@/app/ui/account-nav";
import { SessionKeeper } from "@/app/ui/session-keeper";
import { browserSession } from "@/lib/auth/dal";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Gatehouse", template: "%s · Gatehouse" },
  description: "Sign in to your workspace.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Reading the request makes every page render per request, so each gets the nonce that
  // middleware put in its Content-Security-Policy (Next.js applies it to its own scripts).
  await headers();
  // The cookie's state decides only what the header shows; pages ask the data layer themselves.
  const state = await browserSession();
  const signedIn = state !== null && state.stage !== "mfa";
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <Link href="/" className="brand">
            <span aria-hidden="true" className="brand-mark">
              ⛩
            </span>
            Gatehouse
          </Link>
          {signedIn && <AccountNav workspaceHref={state.workspace ? `/w/${encodeURIComponent(state.workspace.subdomain)}` : null} adminConsole={state.landlord === true} />}
        </header>
        {signedIn && state.refreshToken && <SessionKeeper key={state.workspace?.guid ?? state.stage} accessExpiresAt={state.accessExpiresAt} />}
        <main id="main" className="site-main">
          {children}
        </main>
      </body>
    </html>
  );
}
