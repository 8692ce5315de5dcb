/**
 * Whether text shown to a clinician is plain words: no field path (`appointments.0.startsAt`,
 * `reassessBy`, `(root)`), no option code (`never-use-alone`, `iop`), no validator term (`uuid`).
 * The plain-words test walks every problem through it, and browser tests check screens with it.
 */
import {
  APPOINTMENT_KIND_LABELS,
  MEDICATION_PURPOSE_LABELS,
  NALOXONE_STATUS_LABELS,
  NO_APPOINTMENT_REASON_LABELS,
  SAFETY_TOPIC_LABELS,
  SERVICE_KIND_LABELS,
  VARIANCE_REASON_LABELS,
} from '../../src/core/plans/vocabulary.js';
import { REFERRAL_STATUS_LABELS } from '../../src/core/programs/referral.js';

/** Hyphenated words of ordinary English that the words themselves use. */
const ENGLISH_HYPHENATED = new Set(['24-hour', 'follow-up', 'co-occurring', 'self-help', 'continued-use', 'check-in']);

/** Option codes: hyphenated or camel-case, or the setting codes that are also short words. */
const OPTION_CODES = [
  APPOINTMENT_KIND_LABELS,
  MEDICATION_PURPOSE_LABELS,
  NALOXONE_STATUS_LABELS,
  NO_APPOINTMENT_REASON_LABELS,
  SAFETY_TOPIC_LABELS,
  SERVICE_KIND_LABELS,
  VARIANCE_REASON_LABELS,
  REFERRAL_STATUS_LABELS,
].flatMap((labels) => Object.keys(labels));

/** Why a text shown to a clinician is not plain words, or undefined when it is. */
export function rawPart(text: string): string | undefined {
  const checks: Array<[RegExp, string]> = [
    [/\b[a-z]+[A-Z][A-Za-z]*\b/, 'a camel-case name'],
    [/[A-Za-z]\.[A-Za-z0-9]/, 'a dotted path'],
    [/\[\d+\]/, 'an index in brackets'],
    [/\b[a-z]+_[a-z]+\b/, 'a snake-case code'],
    [/\(root\)/, 'the root path'],
    [/\b(?:iop|php|op|uuid|iso|datetime|regex)\b/, 'a code'],
  ];
  for (const [pattern, what] of checks) {
    const match = pattern.exec(text);
    if (match) return `${what}: "${match[0]}"`;
  }
  for (const match of text.matchAll(/\b[a-z0-9]+(?:-[a-z0-9]+)+\b/g)) {
    if (!ENGLISH_HYPHENATED.has(match[0])) return `a hyphenated code: "${match[0]}"`;
  }
  for (const code of OPTION_CODES) {
    if (code.includes('-') && text.includes(code)) return `an option code: "${code}"`;
  }
  return undefined;
}
