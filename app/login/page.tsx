import type { Metadata } from "next";
import { safeCallbackUrl } from "@/lib/auth/dal";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(typeof params.callbackUrl === "string" ? params.callbackUrl : null);
  return (
    <section className="card narrow" aria-labelledby="login-title">
      <h1 id="login-title">Sign in to Gatehouse</h1>
      <p className="muted">Use the e-mail address and password of your account.</p>
      <LoginForm callbackUrl={callbackUrl} />
    </section>
  );
}
