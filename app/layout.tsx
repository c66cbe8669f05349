import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import type { ReactNode } from "react";
import { AccountMenu } from "@/app/ui/account-menu";
import { BrandMark } from "@/app/ui/brand-mark";
import { SessionKeeper } from "@/app/ui/session-keeper";
import { browserSession, signedInAccount } from "@/lib/auth/dal";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Gatehouse", template: "%s · Gatehouse" },
  description: "Sign in to your workspace.",
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  colorScheme: "light dark",
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#161b22" },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Reading the request makes every page render per request, so each gets the nonce that
  // middleware put in its Content-Security-Policy (Next.js applies it to its own scripts).
  await headers();
  // The cookie's state decides only what the header shows; pages ask the data layer themselves.
  const state = await browserSession();
  const signedIn = state !== null && state.stage !== "mfa";
  // The name and e-mail come from the session's row, not the cookie: it stays small, and a
  // session that has ended shows no menu.
  const account = signedIn ? await signedInAccount() : null;
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <Link href="/" className="brand">
            <BrandMark />
            Gatehouse
          </Link>
          {signedIn && account && (
            <AccountMenu
              name={account.name}
              email={account.email}
              workspaceHref={state.workspace ? `/w/${encodeURIComponent(state.workspace.subdomain)}` : null}
              adminConsole={state.landlord === true}
            />
          )}
        </header>
        {signedIn && state.refreshToken && <SessionKeeper key={state.workspace?.guid ?? state.stage} accessExpiresAt={state.accessExpiresAt} />}
        <main id="main" className="site-main">
          {children}
        </main>
      </body>
    </html>
  );
}
