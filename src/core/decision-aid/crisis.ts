/**
 * Crisis resources shown on every client screen, kept in this one place with the date they were
 * last checked against their sources (domain brief 6.1: 988 Lifeline; SAMHSA National Helpline).
 */

export const CRISIS_LAST_VERIFIED = '2026-11-27';

export const CRISIS_RESOURCES = {
  lifeline: { number: '988', call: 'tel:988', text: 'sms:988', chat: 'https://988lifeline.org/chat/' },
  emergency: { number: '911', call: 'tel:911' },
  helpline: { number: '1-800-662-4357', call: 'tel:+18006624357', tty: '1-800-487-4889', ttyCall: 'tel:+18004874889' },
} as const;

export const CRISIS_SOURCES = [
  '988 Suicide & Crisis Lifeline: call, text or chat 988; press 1 for the Veterans Crisis Line, 2 for Spanish (FCC/HHS, live since 16 July 2022)',
  'SAMHSA National Helpline, 1-800-662-HELP (4357), TTY 1-800-487-4889, free, confidential, 24/7, English and Spanish https://www.samhsa.gov/find-help/national-helpline',
] as const;

/** Days since the crisis numbers were verified; the content check warns past 90 days. */
export function daysSinceCrisisVerified(today: Date): number {
  return Math.floor((today.getTime() - Date.parse(`${CRISIS_LAST_VERIFIED}T00:00:00Z`)) / 86_400_000);
}
