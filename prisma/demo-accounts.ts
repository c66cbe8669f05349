// The demo's sign-ins, published in the README and printed by `npm start`. No imports: the
// launcher reads them before the Prisma clients exist (a fresh clone generates them first).
export const DEMO = {
  landlord: { name: "Lee Landlord", email: "landlord@gatehouse.test", password: "landlord-demo-pass", totpSecret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ" },
  ada: { name: "Ada Lovelace", email: "ada@gatehouse.test", password: "ada-demo-password", totpSecret: "JBSWY3DPEHPK3PXP" },
  bob: { name: "Bob Builder", email: "bob@gatehouse.test", password: "bob-demo-password" },
} as const;
