/** The page a sign-in leads to, as a person reads it: the callbackUrl's path, without the query. */
export function destinationOf(callbackUrl: string): string {
  return callbackUrl.split("?")[0]!;
}
