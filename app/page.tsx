import Link from "next/link";

export default function HomePage() {
  return (
    <section className="card narrow">
      <h1>Welcome to Gatehouse</h1>
      <p>Sign in with your e-mail and password, confirm with your authenticator app, and choose the workspace you want to work in.</p>
      <p>
        <Link className="button" href="/login">
          Sign in
        </Link>
      </p>
    </section>
  );
}
