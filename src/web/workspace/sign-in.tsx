/**
 * Sign-in: email and password; one message for every failure (no hint whether the email exists).
 * The same form opens in a dialog over the page when the session ends mid-work: the page and its
 * unsaved changes stay underneath, and the call that found the session ended is made again after.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { SessionResponse } from '../../core/api/auth.js';
import { ApiError, api, setCsrfToken } from './api.js';

function SignInForm(props: {
  /** Fixed when signing in again: the same person carries on. */
  email?: string;
  submitLabel: string;
  onSignedIn: (session: SessionResponse) => void;
  children?: preact.ComponentChildren;
}) {
  const [email, setEmail] = useState(props.email ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
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
          readOnly={props.email !== undefined}
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
      <div class="actions">
        <button type="submit" class="button" disabled={busy}>
          {busy ? 'Signing in…' : props.submitLabel}
        </button>
        {props.children}
      </div>
    </form>
  );
}

export function SignIn(props: { onSignedIn: (session: SessionResponse) => void }) {
  return (
    <main id="main" class="narrow">
      <h1>Sign in to Stepdown</h1>
      <SignInForm submitLabel="Sign in" onSignedIn={props.onSignedIn} />
    </main>
  );
}

/**
 * Over the page when the session has ended: sign in again as the same person, and what was being
 * saved is saved. "Not now" leaves the page as it is (nothing on it is lost); the next save asks again.
 */
export function SignInAgainDialog(props: {
  email: string;
  onSignedIn: (session: SessionResponse) => void;
  onDismiss: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    element?.querySelector<HTMLInputElement>('input[type=password]')?.focus();
  }, []);
  return (
    <dialog
      ref={dialog}
      class="sign-in-again"
      aria-labelledby="sign-in-again-title"
      aria-describedby="sign-in-again-why"
      onCancel={(event) => {
        event.preventDefault();
        props.onDismiss();
      }}
    >
      <h2 id="sign-in-again-title">Sign in again to carry on</h2>
      <p id="sign-in-again-why">
        Your session has ended. Your work on this page is still here: sign in and it will be saved.
      </p>
      <SignInForm email={props.email} submitLabel="Sign in and carry on" onSignedIn={props.onSignedIn}>
        <button type="button" class="button secondary" onClick={props.onDismiss}>
          Not now
        </button>
      </SignInForm>
    </dialog>
  );
}
