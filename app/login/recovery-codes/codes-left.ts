/** Below this many recovery codes, the person is warned before going on. */
export const FEW_RECOVERY_CODES = 2;

/** How many recovery codes are left, in words, and whether that is few enough to warn. */
export function describeCodesLeft(count: number): { text: string; few: boolean } {
  const few = count <= FEW_RECOVERY_CODES;
  if (count === 0) return { few, text: "You have no recovery codes left. If you lose your authenticator, you cannot sign in: create new ones now." };
  const left = `You have ${count} recovery ${count === 1 ? "code" : "codes"} left.`;
  return { few, text: few ? `${left} Create new ones now, before you run out.` : left };
}
