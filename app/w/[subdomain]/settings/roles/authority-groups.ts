import { ALL_AUTHORITIES, AUTHORITIES, can, type Authority, type HasAuthorities } from "@/lib/auth/authorities";

/** One checkbox of the role form: a catalogue authority, and whether the caller may grant it. */
export interface AuthorityChoice {
  authority: Authority;
  description: string;
  held: boolean;
}

export interface AuthorityGroup {
  label: string;
  choices: AuthorityChoice[];
}

/** `ROLE_<AREA>_…` → the heading of its group; an area not named here is shown under its own name. */
const AREAS: Record<string, string> = { ADMIN: "Administration", CRM: "CRM", ERP: "ERP", ANALYTICS: "Analytics", API: "API keys" };

/** The catalogue grouped by area, each authority marked with whether `caller` holds it (nobody grants more). */
export function authorityGroups(caller: HasAuthorities): AuthorityGroup[] {
  const groups = new Map<string, AuthorityChoice[]>(Object.values(AREAS).map((label) => [label, []]));
  for (const authority of ALL_AUTHORITIES) {
    const area = authority.split("_")[1] ?? authority;
    const label = AREAS[area] ?? area;
    groups.set(label, [...(groups.get(label) ?? []), { authority, description: AUTHORITIES[authority], held: can(caller, authority) }]);
  }
  return [...groups].filter(([, choices]) => choices.length > 0).map(([label, choices]) => ({ label, choices }));
}
