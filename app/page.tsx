import { redirect } from "next/navigation";
import { homePath } from "@/lib/auth/browser-session";
import { browserSession } from "@/lib/auth/dal";

/**
 * `/` is no page of its own: it sends a person to the step they are at. The cookie's state only
 * routes here; the page it leads to asks the data layer (and middleware refreshes or ends an
 * expired session on the way).
 */
export default async function HomePage(): Promise<never> {
  const state = await browserSession();
  if (!state) redirect("/login");
  redirect(state.stage === "mfa" ? "/login/mfa" : homePath(state));
}
