import type { Metadata } from "next";
import Link from "next/link";
import { ForgotPasswordForm } from "./forgot-password-form";

export const metadata: Metadata = { title: "Forgot password" };

export default function ForgotPasswordPage() {
  return (
    <section className="card narrow" aria-labelledby="forgot-title">
      <h1 id="forgot-title">Forgot your password?</h1>
      <p className="muted">Enter the e-mail address of your account. We will send it a link to choose a new password. Two-step verification stays on.</p>
      <ForgotPasswordForm />
      <p>
        <Link href="/login">Back to sign-in</Link>
      </p>
    </section>
  );
}
