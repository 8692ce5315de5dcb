/**
 * Where a one-time set-password link leads: the new user sees whose account it is for, chooses a
 * password (the server's policy decides; its words are shown as they are) and is signed in. The
 * code comes after the # of the address, so it never reaches a server log; once used, the address
 * is replaced so the code does not stay in the tab's history.
 */
import { useEffect, useState } from 'preact/hooks';
import type { SessionResponse, SetPasswordCheckResponse } from '../../core/api/auth.js';
import { ApiError, api, issuesFor, setCsrfToken } from './api.js';
import { FieldError } from './clients.js';
import { formatDateTime, systemTimeZone } from '../../core/time-zone.js';

export function SetPasswordPage(props: { code: string; onSignedIn: (session: SessionResponse) => void }) {
  const [account, setAccount] = useState<SetPasswordCheckResponse | null>(null);
  const [linkProblem, setLinkProblem] = useState<string | null>(null);
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [mismatch, setMismatch] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    document.title = 'Choose your password · Stepdown';
    api<SetPasswordCheckResponse>('POST', '/api/v1/auth/set-password/check', { body: { code: props.code } })
      .then(({ data }) => setAccount(data))
      .catch((caught: unknown) =>
        setLinkProblem(
          caught instanceof ApiError && caught.status !== 400
            ? caught.message
            : 'This link does not work. Check that you copied all of it, or ask your administrator for a new one.',
        ),
      );
  }, [props.code]);

  if (linkProblem) {
    return (
      <main id="main" class="narrow">
        <h1>This link does not open an account</h1>
        <p class="error" role="alert">
          {linkProblem}
        </p>
        <p>
          <a href="#/clients">Go to sign-in</a>
        </p>
      </main>
    );
  }
  if (!account) {
    return (
      <main id="main" class="narrow" aria-busy="true">
        <p>Loading…</p>
      </main>
    );
  }

  return (
    <main id="main" class="narrow">
      <h1>Choose your password</h1>
      <p>
        Welcome, {account.displayName}. Choose the password you will sign in to Stepdown with. This link works once,
        until {formatDateTime(account.expiresAt, systemTimeZone())}.
      </p>
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          if (password !== again) {
            setMismatch(true);
            return;
          }
          setMismatch(false);
          setBusy(true);
          try {
            const { data } = await api<SessionResponse>('POST', '/api/v1/auth/set-password', {
              body: { code: props.code, password },
            });
            setCsrfToken(data.csrfToken);
            // The used code leaves the address and the tab's history.
            window.location.replace('#/clients');
            props.onSignedIn(data);
          } catch (caught) {
            if (caught instanceof ApiError && caught.status === 404) setLinkProblem(caught.message);
            else setError(caught);
          } finally {
            setBusy(false);
          }
        }}
      >
        <label class="field">
          <span>Email</span>
          <input type="email" autocomplete="username" readOnly value={account.email} />
        </label>
        <label class="field">
          <span>New password</span>
          <input
            type="password"
            autocomplete="new-password"
            required
            aria-describedby="password-hint"
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
          <FieldError messages={issuesFor(error, 'password')} />
        </label>
        <p id="password-hint" class="muted">
          At least 12 characters. A few unrelated words in a row are long and easy to remember. Avoid your email and
          common passwords.
        </p>
        <label class="field">
          <span>The same password again</span>
          <input
            type="password"
            autocomplete="new-password"
            required
            value={again}
            onInput={(e) => setAgain(e.currentTarget.value)}
          />
          <FieldError messages={mismatch ? ['The two passwords are not the same. Type them again.'] : []} />
        </label>
        {error instanceof ApiError && issuesFor(error, 'password').length === 0 ? (
          <p class="error" role="alert">
            {error.message}
          </p>
        ) : null}
        <div class="actions">
          <button type="submit" class="button" disabled={busy}>
            {busy ? 'Saving…' : 'Set my password and sign in'}
          </button>
        </div>
      </form>
    </main>
  );
}
