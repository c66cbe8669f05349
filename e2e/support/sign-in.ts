import type { Page } from "@playwright/test";
import { LoginPage } from "../pages/login.page";
import { MfaPage } from "../pages/mfa.page";
import type { FixtureUser } from "./fixtures";
import { currentTotp } from "./totp";

/** Signs in with password and TOTP, with no page to return to: the person's home decides. */
export async function signInWithTotp(page: Page, user: FixtureUser): Promise<void> {
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(user.email, user.password);
  const mfa = new MfaPage(page);
  await mfa.expectShown();
  await mfa.enterCode(await currentTotp(user.secret!));
}

/** Signs in with the password and stops at the MFA step's recovery-code form (`callbackUrl`: where the sign-in is headed). */
export async function openRecoveryCodeStep(page: Page, user: FixtureUser, callbackUrl?: string): Promise<MfaPage> {
  const login = new LoginPage(page);
  await login.goto(callbackUrl);
  await login.signIn(user.email, user.password);
  const mfa = new MfaPage(page);
  await mfa.expectShown();
  await mfa.switchToRecoveryCode();
  return mfa;
}
