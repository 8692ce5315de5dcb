/**
 * Reminders in core: what is due and its occurrence key, the retry backoff, and the email's words
 * (no health information, both languages, at a plain reading level, header-safe).
 */
import { describe, expect, it } from 'vitest';
import { countText, fernandezHuertaOf, fleschKincaidGradeOf } from '../decision-aid/readability.js';
import {
  dueReminder,
  REMINDER_RETRY_CAP_MS,
  reminderEmail,
  reminderRetryDelayMs,
  reminderSentences,
} from './reminders.js';
import { DEFAULT_SCHEDULE } from './schedule.js';

const NOW = new Date('2026-12-07T10:00:00.000Z');
const DAY = 86_400_000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY).toISOString();
const byClient = (id: string) => id !== 'attendance';

describe('dueReminder', () => {
  it('asks everything the client answers when nothing was ever taken, with one key until they answer', () => {
    const due = dueReminder(DEFAULT_SCHEDULE, new Map(), NOW, byClient);
    expect(due?.instruments).toEqual(['recovery-check', 'readiness', 'phq-9', 'gad-7']);
    // The same occurrence an hour later: the same key, so it is not reminded twice.
    expect(dueReminder(DEFAULT_SCHEDULE, new Map(), new Date(NOW.getTime() + 3_600_000), byClient)?.dueKey).toBe(
      due?.dueKey,
    );
  });

  it('asks only what is due, and has a new key once the client answered and it falls due again', () => {
    const taken = new Map([
      ['recovery-check', ago(8)],
      ['readiness', ago(8)],
      ['phq-9', ago(8)],
      ['gad-7', ago(8)],
    ]);
    const due = dueReminder(DEFAULT_SCHEDULE, taken, NOW, byClient);
    expect(due?.instruments).toEqual(['recovery-check', 'readiness']);
    const later = new Map([...taken, ['recovery-check', ago(1)], ['readiness', ago(1)]]);
    expect(dueReminder(DEFAULT_SCHEDULE, later, NOW, byClient)).toBeUndefined();
    const next = dueReminder(DEFAULT_SCHEDULE, later, new Date(NOW.getTime() + 7 * DAY), byClient);
    expect(next?.instruments).toEqual(['recovery-check', 'readiness', 'phq-9', 'gad-7']);
    expect(next?.dueKey).not.toBe(due?.dueKey);
  });

  it('never reminds about what the clinician enters', () => {
    expect(dueReminder([{ instrument: 'attendance', everyDays: 7 }], new Map(), NOW, byClient)).toBeUndefined();
  });
});

describe('reminderRetryDelayMs', () => {
  it('waits a minute, then four times longer each time, never more than six hours', () => {
    expect([1, 2, 3, 4].map(reminderRetryDelayMs)).toEqual([60_000, 240_000, 960_000, 3_840_000]);
    expect(reminderRetryDelayMs(5)).toBe(15_360_000);
    expect(reminderRetryDelayMs(6)).toBe(REMINDER_RETRY_CAP_MS);
    expect(reminderRetryDelayMs(500)).toBe(REMINDER_RETRY_CAP_MS);
    for (let n = 1; n < 30; n++) expect(reminderRetryDelayMs(n + 1)).toBeGreaterThanOrEqual(reminderRetryDelayMs(n));
  });
});

describe('reminderEmail', () => {
  const url = 'https://stepdown.example.org/check-in/abc';
  it('holds the clinic and the link, in the client’s language', () => {
    const en = reminderEmail({ clinicName: 'Riverside Clinic', url, language: 'en' });
    expect(en.subject).toBe('Riverside Clinic: please check in');
    expect(en.text).toContain(url);
    expect(en.html).toContain(`href="${url}"`);
    const es = reminderEmail({ clinicName: 'Riverside Clinic', url, language: 'es' });
    expect(es.text).toContain('Riverside Clinic le pide');
    expect(es.html).toContain('lang="es"');
  });

  it('keeps a clinic name on one header line and escapes it in HTML', () => {
    const email = reminderEmail({ clinicName: 'A & B\r\nBcc: x@example.org', url, language: 'en' });
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.html).toContain('A &#38; B');
    expect(email.html).not.toContain('A & B');
  });

  it('reads at grade 8 or below in English and 70 or above in Spanish', () => {
    expect(fleschKincaidGradeOf(countText(reminderSentences('en', 'the clinic'), 'en'))).toBeLessThanOrEqual(8);
    expect(fernandezHuertaOf(countText(reminderSentences('es', 'la clínica'), 'es'))).toBeGreaterThanOrEqual(70);
  });
});
