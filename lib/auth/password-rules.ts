// The password policy's rule as one pure function, run by the server before a password is set
// (lib/auth/password-policy.ts) and by the browser for the strength hint while typing, so the
// hint can never promise what the server then refuses. NIST SP 800-63B-4 §3.1.1.2: a length
// floor, no composition rules, and a check against commonly used, expected or compromised
// values. The list and the estimator ship inside @zxcvbn-ts/language-common (49,000 leaked
// passwords and the diceware words): nothing is fetched at run time. Browser-safe (no Node, no
// database); the dictionaries are ~400 KB, so forms load this module lazily (a dynamic import).
import { ZxcvbnFactory, type ZxcvbnResult } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";
import { NEW_PASSWORD_MAX, PASSWORD_MIN } from "@/lib/validation";

/** Why a password was refused. */
export type PasswordRefusal = "too_short" | "too_long" | "contains_email" | "contains_workspace" | "common" | "guessable";

export type PasswordVerdict = { ok: true } | { ok: false; reason: PasswordRefusal; message: string };

/** zxcvbn's score: 0 (guessed at once) to 4 (at least 10^10 guesses). */
export type PasswordScore = 0 | 1 | 2 | 3 | 4;

/** Context the policy also refuses: the workspace a person is invited to. */
export interface PasswordContext {
  workspaceName?: string | null;
}

/**
 * zxcvbn's score runs 0–4; 4 means at least 10^10 guesses, costly offline even against a copy
 * of the argon2id hashes. Score 3 (10^8) lets through the patterns people are told to use and
 * cracking rules try first — a word, a year or digits, a symbol (`Password1234567!`,
 * `Summer2024Summer`); below it are repeats (`passwordpassword`) and keyboard walks.
 */
const MIN_SCORE = 4;

/**
 * Parts of the e-mail's local part shorter than this are not looked for: refusing every
 * password that contains `jo` would refuse good ones and protect nothing.
 */
const MIN_LOCAL_PART = 3;

/** Words a guesser tries first on this site: its own name counts as a dictionary word. */
const PRODUCT_WORDS = ["gatehouse"];

const COMMON = new Set(dictionary["passwords-common"]);

let estimator: ZxcvbnFactory | null = null;
/** Built on first use: ranking the dictionaries takes a moment that start-up need not pay. */
function strength(password: string, userInputs: string[]): ZxcvbnResult {
  estimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  return estimator.check(password, userInputs);
}

/** The local part of the address and the names in it (`ada.lovelace` → ada.lovelace, ada, lovelace). */
function localParts(email: string): string[] {
  const local = email.slice(0, email.lastIndexOf("@")).toLowerCase();
  return [...new Set([local, ...local.split(/[._+-]+/)])].filter((part) => part.length >= MIN_LOCAL_PART);
}

/**
 * The workspace's name and the words in it (`Acme Corp` → acme corp, acme, corp), 4 characters
 * or more: the first guess of someone attacking that workspace's accounts.
 */
function workspaceWords(name: string | null | undefined): string[] {
  if (!name) return [];
  const lower = name.toLowerCase().trim();
  return [...new Set([lower, lower.replace(/[^\p{L}\p{N}]+/gu, ""), ...lower.split(/[^\p{L}\p{N}]+/u)])].filter((word) => word.length >= 4);
}

/**
 * zxcvbn names what makes a password guessable by a key; the package's own English texts are a
 * separate package we do not ship, so the few that matter are worded here.
 */
const HINTS: Record<string, string> = {
  extendedRepeat: "Repeated words or characters are easy to guess.",
  simpleRepeat: "Repeated characters are easy to guess.",
  straightRow: "Rows of keys on the keyboard are easy to guess.",
  keyPattern: "Short keyboard patterns are easy to guess.",
  sequences: "Sequences such as abc or 6543 are easy to guess.",
  recentYears: "Recent years are easy to guess.",
  dates: "Dates are easy to guess.",
  similarToCommon: "It is too close to a commonly used password.",
  wordByItself: "A single word is easy to guess.",
  namesByThemselves: "Names on their own are easy to guess.",
  commonNames: "Common names are easy to guess.",
  userInputs: "It is built from your e-mail address.",
};

const ADVICE = "Try four or five unrelated words.";

/**
 * The policy's verdict on `password` for the account `email`, with zxcvbn's score when the
 * estimate ran (null when a cheaper check refused it first). Checks run from the cheapest; the
 * estimate only runs on a password of allowed length, so its cost is bounded.
 */
export function ratePassword(password: string, email: string, { workspaceName }: PasswordContext = {}): { verdict: PasswordVerdict; score: PasswordScore | null } {
  const refuse = (reason: PasswordRefusal, message: string, score: PasswordScore | null = null) => ({ verdict: { ok: false as const, reason, message }, score });
  if (password.length < PASSWORD_MIN) return refuse("too_short", `Use at least ${PASSWORD_MIN} characters.`);
  if (password.length > NEW_PASSWORD_MAX) return refuse("too_long", `Use at most ${NEW_PASSWORD_MAX} characters.`);
  const lower = password.toLowerCase();
  const parts = localParts(email);
  if (parts.some((part) => lower.includes(part))) return refuse("contains_email", "Do not use your e-mail address or a name in it.");
  const names = workspaceWords(workspaceName);
  if (names.some((name) => lower.includes(name))) return refuse("contains_workspace", "Do not use the workspace's name in your password.");
  if (COMMON.has(lower)) return refuse("common", `This is a commonly used password, found in lists of leaked ones. ${ADVICE}`, 0);
  const result = strength(password, [...parts, ...names, ...PRODUCT_WORDS]);
  const score = result.score as PasswordScore;
  if (score < MIN_SCORE) {
    const hint = (result.feedback.warning && HINTS[result.feedback.warning]) || "It is easy to guess.";
    return refuse("guessable", `${hint} ${ADVICE}`, score);
  }
  return { verdict: { ok: true }, score };
}

/**
 * Whether `password` may become the password of the account `email`, and if not, a sentence
 * saying why for the person choosing it.
 */
export function checkNewPassword(password: string, email: string, context: PasswordContext = {}): PasswordVerdict {
  return ratePassword(password, email, context).verdict;
}
