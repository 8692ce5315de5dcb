/**
 * The users of the clinic, for its admins: who has an account, with which role, and whether it is
 * in use, waiting for its owner to choose a password, or disabled. An admin adds a user without
 * choosing their password: the answer is a one-time link to give them (shown once). A lost or
 * expired link is replaced by a new one; disabling an account signs its owner out at once, so the
 * admin confirms it first, and cannot do it to their own account (nor can the API: 409).
 */
import { useContext, useEffect, useState } from 'preact/hooks';
import type {
  AdminUserListResponse,
  AdminUserResponse,
  CreatedUserResponse,
  SetPasswordLinkResponse,
} from '../../core/api/auth.js';
import { ApiError, api, issuesFor } from './api.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { FieldError } from './clients.js';
import { type LocalTime, useLocalTime } from './local-time.js';
import { SessionUser } from './session.js';

const ROLE_WORDS: Record<AdminUserResponse['role'], string> = {
  admin: 'Admin',
  clinician: 'Clinician',
};

/** Whether the account is in use, in words. */
function stateText(user: AdminUserResponse, local: LocalTime): string {
  if (user.disabled) return 'Disabled: cannot sign in';
  if (user.invitation && !user.invitation.expired) {
    return `Waiting for them to choose a password (the link works until ${local.when(user.invitation.expiresAt)})`;
  }
  if (user.invitation) return `Their link stopped working on ${local.when(user.invitation.expiresAt)}: make a new one`;
  return 'Active';
}

/** A link just made, shown once with a way to copy it. */
interface ShownLink {
  userId: string;
  name: string;
  link: SetPasswordLinkResponse;
}

function LinkNotice(props: { shown: ShownLink; onDone: () => void }) {
  const local = useLocalTime();
  const [copied, setCopied] = useState(false);
  const id = `link-${props.shown.userId}`;
  return (
    <section class="banner" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Give this link to {props.shown.name}</h2>
      <p>
        With it they choose their own password and are signed in. It works once, until{' '}
        {local.when(props.shown.link.expiresAt)}. It is shown only now: copy it and send it to them yourself (by your
        clinic's email or in person). If it is lost, make a new one.
      </p>
      <label class="field">
        <span>One-time link for {props.shown.name}</span>
        <input id={id} readOnly value={props.shown.link.url} onFocus={(e) => e.currentTarget.select()} />
      </label>
      <p class="actions">
        <button
          type="button"
          class="button"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(props.shown.link.url);
              setCopied(true);
            } catch {
              // Without clipboard access (an http address other than this machine), select it to copy by hand.
              document.getElementById(id)?.focus();
            }
          }}
        >
          Copy the link
        </button>{' '}
        <button type="button" class="button secondary" onClick={props.onDone}>
          Done
        </button>{' '}
        <span role="status">{copied ? 'Copied.' : ''}</span>
      </p>
    </section>
  );
}

function NewUserForm(props: { onCreated: (created: CreatedUserResponse) => void }) {
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<AdminUserResponse['role']>('clinician');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      aria-labelledby="new-user-title"
      onSubmit={async (event) => {
        event.preventDefault();
        setBusy(true);
        try {
          const { data } = await api<CreatedUserResponse>('POST', '/api/v1/users', {
            body: { displayName, email, role },
          });
          setDisplayName('');
          setEmail('');
          setRole('clinician');
          setError(null);
          props.onCreated(data);
        } catch (caught) {
          setError(caught);
        } finally {
          setBusy(false);
        }
      }}
    >
      <h2 id="new-user-title">Add a user</h2>
      <div class="toolbar">
        <label class="field grow">
          <span>Full name</span>
          <input required maxLength={200} value={displayName} onInput={(e) => setDisplayName(e.currentTarget.value)} />
          <FieldError messages={issuesFor(error, 'displayName')} />
        </label>
        <label class="field grow">
          <span>Work email</span>
          <input
            type="email"
            required
            maxLength={254}
            autocomplete="off"
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
          <FieldError messages={issuesFor(error, 'email')} />
        </label>
        <label class="field">
          <span>Role</span>
          <select value={role} onChange={(e) => setRole(e.currentTarget.value as AdminUserResponse['role'])}>
            <option value="clinician">Clinician</option>
            <option value="admin">Admin</option>
          </select>
        </label>
        <button type="submit" class="button" disabled={busy}>
          {busy ? 'Adding…' : 'Add user and make a link'}
        </button>
      </div>
      <p class="muted">
        Clinicians see and work on the clinic's clients. Admins also manage users, programs and the audit log.
      </p>
      {error instanceof ApiError && error.issues.length === 0 ? (
        <p class="error" role="alert">
          {error.message}
        </p>
      ) : null}
    </form>
  );
}

/** The id of a user's Disable or Enable button, where focus goes back after the dialog or the change. */
function accountButtonId(userId: string): string {
  return `account-${userId}`;
}

function focusAccountButton(userId: string): void {
  // After the dialog has gone and the row has been drawn again.
  requestAnimationFrame(() => document.getElementById(accountButtonId(userId))?.focus());
}

export function UsersAdmin() {
  const local = useLocalTime();
  const me = useContext(SessionUser);
  const [users, setUsers] = useState<AdminUserResponse[] | null>(null);
  const [shown, setShown] = useState<ShownLink | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  /** The user whose account is about to be disabled, while the admin is asked to confirm. */
  const [confirming, setConfirming] = useState<AdminUserResponse | null>(null);

  const load = async () => {
    try {
      const { data } = await api<AdminUserListResponse>('GET', '/api/v1/users');
      setUsers(data.items);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'The users could not be read.');
    }
  };
  useEffect(() => {
    document.title = 'Users · Stepdown';
    void load();
  }, []);

  const act = async (user: AdminUserResponse, action: () => Promise<void>) => {
    setBusy(user.id);
    setError(null);
    setDone(null);
    try {
      await action();
      await load();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'That did not work. Try again.');
    } finally {
      setBusy(null);
    }
  };
  const setDisabled = (user: AdminUserResponse, disabled: boolean) =>
    act(user, async () => {
      await api('PATCH', `/api/v1/users/${user.id}`, { body: { disabled } });
      setDone(
        disabled
          ? `${user.displayName} can no longer sign in, and was signed out.`
          : `${user.displayName} can sign in again.`,
      );
    }).then(() => focusAccountButton(user.id));

  return (
    <main id="main">
      <h1>Users</h1>
      <p class="muted">
        Everyone who can sign in to this clinic's workspace. Each change is recorded in the audit log.
      </p>
      {shown ? <LinkNotice shown={shown} onDone={() => setShown(null)} /> : null}
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      <p role="status">{done ?? ''}</p>
      {confirming ? (
        <ConfirmDialog
          id="disable-user"
          title={`Disable ${confirming.displayName}’s account?`}
          confirmLabel="Disable the account"
          onConfirm={() => {
            const user = confirming;
            setConfirming(null);
            void setDisabled(user, true);
          }}
          onCancel={() => {
            const user = confirming;
            setConfirming(null);
            focusAccountButton(user.id);
          }}
        >
          <p>
            {confirming.displayName} ({confirming.email}) is signed out at once, everywhere, and cannot sign in until an
            admin enables the account again. Their work stays in the clinic's records.
          </p>
        </ConfirmDialog>
      ) : null}
      {users === null ? (
        <p>Loading…</p>
      ) : (
        <table class="audit users">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Account</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id}>
                <th scope="row">
                  {user.displayName}
                  {user.id === me?.id ? ' (you)' : ''}
                </th>
                <td>{user.email}</td>
                <td>
                  {user.id === me?.id ? (
                    ROLE_WORDS[user.role]
                  ) : (
                    <select
                      aria-label={`Role of ${user.displayName}`}
                      value={user.role}
                      disabled={busy === user.id}
                      onChange={(e) => {
                        const role = e.currentTarget.value as AdminUserResponse['role'];
                        void act(user, async () => {
                          await api('PATCH', `/api/v1/users/${user.id}`, { body: { role } });
                        });
                      }}
                    >
                      {(Object.keys(ROLE_WORDS) as Array<AdminUserResponse['role']>).map((role) => (
                        <option key={role} value={role}>
                          {ROLE_WORDS[role]}
                        </option>
                      ))}
                    </select>
                  )}
                </td>
                <td>{stateText(user, local)}</td>
                <td>
                  {user.id === me?.id ? null : (
                    <span class="row-actions">
                      {user.disabled ? null : (
                        <button
                          type="button"
                          class="button secondary"
                          disabled={busy === user.id}
                          onClick={() =>
                            void act(user, async () => {
                              const { data } = await api<SetPasswordLinkResponse>(
                                'POST',
                                `/api/v1/users/${user.id}/set-password-link`,
                              );
                              setShown({ userId: user.id, name: user.displayName, link: data });
                            })
                          }
                        >
                          New link<span class="visually-hidden"> for {user.displayName}</span>
                        </button>
                      )}
                      <button
                        type="button"
                        id={accountButtonId(user.id)}
                        class="button secondary"
                        disabled={busy === user.id}
                        onClick={() => (user.disabled ? void setDisabled(user, false) : setConfirming(user))}
                      >
                        {user.disabled ? 'Enable' : 'Disable'}
                        <span class="visually-hidden"> {user.displayName}</span>
                      </button>
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <NewUserForm
        onCreated={(created) => {
          if (created.invitationLink) {
            setShown({ userId: created.id, name: created.displayName, link: created.invitationLink });
          }
          void load();
        }}
      />
    </main>
  );
}
