/**
 * Which passwords a person may choose, after NIST SP 800-63B (5.1.1.2): at least 12 characters, no
 * rules about kinds of characters, and refused when it is common or easy to guess. "Easy to guess"
 * is zxcvbn's estimate (score 3 or more of 4 passes) with its common-password, English and Spanish
 * dictionaries, and the person's email and the product's name as words an attacker would try first.
 *
 * The command line and the API give the same message, from here. The dictionaries take a moment to
 * load, so they are loaded once, on the first check.
 */
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

export const MIN_PASSWORD_LENGTH = 12;
/** zxcvbn's score from 0 (guessed at once) to 4 (very hard); below this is refused. */
export const MIN_PASSWORD_SCORE = 3;
/** Words an attacker aiming at this product tries first. */
const PRODUCT_WORDS = ['stepdown', 'step down'];

export const PASSWORD_TOO_SHORT = `Use at least ${MIN_PASSWORD_LENGTH} characters. A few unrelated words in a row are long and easy to remember.`;
export const PASSWORD_TOO_EASY =
  'This password is too easy to guess: it is common, or close to the email or the name Stepdown. Try a few unrelated words in a row.';

let checker: Promise<ZxcvbnFactory> | undefined;

async function loadChecker(): Promise<ZxcvbnFactory> {
  const [core, common, en, es] = await Promise.all([
    import('@zxcvbn-ts/core'),
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-en'),
    import('@zxcvbn-ts/language-es-es'),
  ]);
  return new core.ZxcvbnFactory({
    translations: en.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...en.dictionary, ...es.dictionary },
  });
}

/** The email whole, its local part and the words in it: what someone who knows the person tries. */
function personalWords(email: string): string[] {
  const lower = email.trim().toLowerCase();
  const local = lower.split('@')[0] ?? '';
  const words = local.split(/[^\p{L}\p{N}]+/u).filter((word) => word.length >= 3);
  return [lower, local, words.join(''), ...words];
}

/**
 * Why a password may not be used, or undefined when it may. Length is counted in characters (code
 * points), so a passphrase in any script counts as it reads.
 */
export async function passwordProblem(password: string, person: { email: string }): Promise<string | undefined> {
  if ([...password].length < MIN_PASSWORD_LENGTH) return PASSWORD_TOO_SHORT;
  checker ??= loadChecker();
  // zxcvbn's cost grows with length; what lies beyond its first 100 characters cannot make a
  // password easier to guess.
  const result = (await checker).check(password.slice(0, 100), [...PRODUCT_WORDS, ...personalWords(person.email)]);
  return result.score < MIN_PASSWORD_SCORE ? PASSWORD_TOO_EASY : undefined;
}
