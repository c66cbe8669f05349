// The sign-in journey: password → MFA → workspace → refresh → logout, one file a step. The REST
// API and the browser's server actions both call these functions; neither holds any rule of its own.
export { loginWithPassword } from "./password-step";
export { verifyMfa } from "./mfa-step";
export { selectWorkspace } from "./workspace-step";
export { refreshSession } from "./refresh";
export { endReplacedSession, logout } from "./logout";
export type { MfaMethod, SignedInUser, StepResult, WorkspaceResult } from "./issue";
export type { PasswordInput, PasswordStepResult } from "./password-step";
