/** Sign-in: email and password; one message for every failure (no hint whether the email exists). */
import { useState } from 'preact/hooks';
import { ApiError, api, setCsrfToken } from './api.js';
import type { SessionResponse } from '../../core/api/auth.js';

export function SignIn(props: { onSignedIn: (session: SessionResponse) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <main id="main" class="narrow">
      <h1>Sign in to Stepdown</h1>
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          setBusy(true);
          setError(null);
          try {
            const { data } = await api<SessionResponse>('POST', '/api/v1/auth/sign-in', { body: { email, password } });
            setCsrfToken(data.csrfToken);
            props.onSignedIn(data);
          } catch (caught) {
            setError(caught instanceof ApiError ? caught.message : 'Sign-in failed.');
          } finally {
            setBusy(false);
          }
        }}
      >
        <label class="field">
          <span>Email</span>
          <input
            type="email"
            autocomplete="username"
            required
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
        </label>
        <label class="field">
          <span>Password</span>
          <input
            type="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        {error ? (
          <p class="error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" class="button" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
