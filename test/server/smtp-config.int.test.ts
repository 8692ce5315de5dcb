/**
 * STEPDOWN_SMTP_URL, read at start-up: unset means no reminders; smtp:// or smtps:// with the
 * sender as ?from=; anything else stops start-up naming the variable, never repeating a password.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/server/config.js';
import { tempDataDir } from '../support/cli.js';

const SECRET = 'a-test-secret-that-is-long-enough-for-start-up';

function load(env: Record<string, string>) {
  return loadConfig({ STEPDOWN_SECRET: SECRET, STEPDOWN_DATA_DIR: tempDataDir(), ...env });
}

function issues(env: Record<string, string>): Array<{ path: string; message: string }> {
  try {
    load(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
}

describe('STEPDOWN_SMTP_URL', () => {
  it('is off when unset or empty', () => {
    expect(load({}).smtp).toBeUndefined();
    expect(load({ STEPDOWN_SMTP_URL: ' ' }).smtp).toBeUndefined();
  });

  it('reads the server and the sender, keeping the credentials for the connection only', () => {
    expect(
      load({ STEPDOWN_SMTP_URL: 'smtps://mailer:s3cret@mail.example.org:465/?from=reminders@example.org' }).smtp,
    ).toEqual({ url: 'smtps://mailer:s3cret@mail.example.org:465/', from: 'reminders@example.org' });
    expect(
      load({ STEPDOWN_SMTP_URL: 'smtp://mail.example.org:587', STEPDOWN_PUBLIC_URL: 'https://stepdown.example.org' })
        .smtp?.from,
    ).toBe('stepdown@stepdown.example.org');
  });

  it('refuses another scheme, no host or a bad sender, naming the variable and not the password', () => {
    for (const value of [
      'https://mailer:s3cret@mail.example.org',
      'not an address',
      'smtp://mailer:s3cret@mail.example.org/?from=nobody',
    ]) {
      const found = issues({ STEPDOWN_SMTP_URL: value });
      expect(found).toHaveLength(1);
      expect(found[0]?.path).toBe('STEPDOWN_SMTP_URL');
      expect(found[0]?.message).not.toContain('s3cret');
    }
  });
});
