/**
 * Check-in reminders by email. What is due comes from the client's schedule; one reminder goes out
 * per due occurrence (its key), and its words carry nothing about health: no instrument, score,
 * diagnosis or kind of care, only that the clinic asks the person to check in, and the link. An
 * email may be read by someone else, pass through other servers and sit in an inbox for years.
 */
import { type ScheduleEntry, type ScheduleStart, scheduleStatus } from './schedule.js';

export interface DueReminder {
  /** The instruments due, in schedule order: what the reminder's link asks. */
  instruments: string[];
  /**
   * What makes this occurrence: each due instrument with when it was last taken. It stays the
   * same until the client answers one of them, so one occurrence gets one reminder.
   */
  dueKey: string;
}

/**
 * Whether a reminder is due at `now`, and for what: the client-answered instruments of the schedule
 * that are due. Undefined when nothing the client answers is due, and always before the schedule
 * starts (no finalised plan, or its discharge day not yet come).
 */
export function dueReminder(
  entries: readonly ScheduleEntry[],
  lastTaken: ReadonlyMap<string, string>,
  now: Date,
  answeredByClient: (instrument: string) => boolean,
  start: ScheduleStart = null,
): DueReminder | undefined {
  const due = scheduleStatus(entries, lastTaken, now, start).filter(
    (item) => item.due && answeredByClient(item.instrument),
  );
  if (due.length === 0) return undefined;
  return {
    instruments: due.map((item) => item.instrument),
    dueKey: due.map((item) => `${item.instrument}@${item.lastTakenAt ?? 'never'}`).join(' '),
  };
}

const MINUTE_MS = 60_000;
/** The longest wait between two attempts: a reminder still goes out the same day. */
export const REMINDER_RETRY_CAP_MS = 6 * 60 * MINUTE_MS;

/**
 * How long to wait after a failed attempt before the next: 1 minute after the first, then four
 * times longer each time (4, 16, 64 minutes ...), never more than six hours. The reminder stays due
 * through every failure; only a delivery, or the client answering, ends it.
 */
export function reminderRetryDelayMs(failedAttempts: number): number {
  const exponent = Math.max(0, failedAttempts - 1);
  return Math.min(REMINDER_RETRY_CAP_MS, MINUTE_MS * 4 ** Math.min(exponent, 10));
}

export interface ReminderEmail {
  subject: string;
  text: string;
  html: string;
}

export interface ReminderEmailInput {
  clinicName: string;
  /** The full address of the check-in link. */
  url: string;
  language: 'en' | 'es';
}

const WORDS = {
  en: {
    subject: (clinic: string) => `${clinic}: please check in`,
    hello: 'Hello,',
    asks: (clinic: string) => `${clinic} asks you to check in. It takes a few minutes.`,
    open: 'Open this private link on your phone or computer:',
    once: 'The link works once and stops working in a few days. Please do not share it.',
    help: (clinic: string) => `If the link does not work, ask ${clinic} for a new one.`,
  },
  es: {
    subject: (clinic: string) => `${clinic}: por favor, responda`,
    hello: 'Hola:',
    asks: (clinic: string) => `${clinic} le pide que responda unas preguntas. Solo toma unos minutos.`,
    open: 'Abra este enlace privado en su teléfono o computadora:',
    once: 'El enlace sirve una sola vez y deja de servir en unos días. Por favor, no lo comparta.',
    help: (clinic: string) => `Si el enlace no sirve, pida uno nuevo a ${clinic}.`,
  },
} as const;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Header-safe: a clinic name can never add a header line. */
function oneLine(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').trim();
}

/** The reminder's subject and body (plain text and HTML), in the client's language. */
export function reminderEmail(input: ReminderEmailInput): ReminderEmail {
  const words = WORDS[input.language];
  const clinic = oneLine(input.clinicName);
  const lines = [words.hello, '', words.asks(clinic), '', words.open, input.url, '', words.once, words.help(clinic)];
  const html = [
    `<!doctype html><html lang="${input.language}"><body>`,
    `<p>${escapeHtml(words.hello)}</p>`,
    `<p>${escapeHtml(words.asks(clinic))}</p>`,
    `<p>${escapeHtml(words.open)}<br><a href="${escapeHtml(input.url)}">${escapeHtml(input.url)}</a></p>`,
    `<p>${escapeHtml(words.once)} ${escapeHtml(words.help(clinic))}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject: words.subject(clinic), text: `${lines.join('\n')}\n`, html };
}

/** Every sentence of the reminder in a language, for the readability check. */
export function reminderSentences(language: 'en' | 'es', clinicName: string): string[] {
  const words = WORDS[language];
  return [words.asks(clinicName), words.open, words.once, words.help(clinicName)];
}
