/**
 * STEPDOWN_SMTP_URL: where check-in reminders are sent from. `smtp://` (STARTTLS when the server
 * offers it) or `smtps://` (TLS from the start), with the user and password in the address when the
 * server needs them, and the sender's address as `?from=`:
 *   smtps://reminders%40clinic.example:PASSWORD@mail.clinic.example:465/?from=reminders@clinic.example
 * Without `from`, reminders come from `stepdown@` the public address's host name.
 */
import { z } from 'zod';
import type { SmtpSettings } from './reminders.js';

const Email = z.email();

/** Parses the variable; a message that never repeats the password when it is not right. */
export function parseSmtpUrl(
  value: string,
  publicUrl: URL | undefined,
): { ok: true; settings: SmtpSettings } | { ok: false; message: string } {
  const example = 'for example smtp://mail.example.org:587/?from=reminders@example.org';
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return { ok: false, message: `must be an smtp:// or smtps:// address, ${example}` };
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    return { ok: false, message: `must start with smtp:// or smtps://, ${example}` };
  }
  if (url.hostname === '') return { ok: false, message: `must name the mail server, ${example}` };
  const from = url.searchParams.get('from') ?? `stepdown@${publicUrl?.hostname ?? 'localhost'}`;
  if (!Email.safeParse(from).success) return { ok: false, message: 'from= must be an email address' };
  url.searchParams.delete('from');
  return { ok: true, settings: { url: url.toString(), from } };
}
