/** The steps of the guide, in order (Ottawa decision guide: clarify, learn, weigh, check, plan). */
export const STEPS = ['decision', 'learn', 'options', 'situation', 'values', 'week', 'sure', 'summary'] as const;
export type Step = (typeof STEPS)[number];
/** Screens outside the numbered flow. */
export type Screen = Step | 'about' | 'programs';

export function screenFromHash(hash: string): Screen {
  const name = hash.replace(/^#\/?/, '');
  if ((STEPS as readonly string[]).includes(name) || name === 'about' || name === 'programs') {
    return name as Screen;
  }
  return 'decision';
}
