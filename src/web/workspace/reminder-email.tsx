/**
 * Where a client's check-in reminders go: their email address, set or cleared here. A reminder
 * carries only the clinic's name and a private link, never anything about their health; without an
 * address nothing is sent by email and the clinic gives the link in person or by text.
 */
import { useState } from 'preact/hooks';
import type { ClientResponse } from '../../core/api/clients.js';
import { api, issuesFor } from './api.js';
import { FieldError } from './clients.js';

export function ReminderEmail(props: { client: ClientResponse; onSaved: (client: ClientResponse) => void }) {
  const [email, setEmail] = useState(props.client.email ?? '');
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const unchanged = email.trim() === (props.client.email ?? '');

  const save = async () => {
    if (unchanged) {
      setSaved(true);
      return;
    }
    setSaved(false);
    try {
      const { data } = await api<ClientResponse>('PATCH', `/api/v1/clients/${props.client.id}`, {
        body: { email: email.trim() === '' ? null : email.trim() },
      });
      setError(null);
      setSaved(true);
      props.onSaved(data);
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <form
      class="reminder-email"
      // The server's words say what is wrong with an address, read out by screen readers; not the browser's bubble.
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <label class="field">
        <span>Email for check-in reminders (optional)</span>
        <input
          type="email"
          autocomplete="off"
          maxLength={254}
          value={email}
          onInput={(event) => {
            setEmail(event.currentTarget.value);
            setSaved(false);
          }}
        />
        <FieldError messages={issuesFor(error, 'email')} />
      </label>
      <p class="muted">
        Reminders say only your clinic’s name and give a private link: nothing about the client’s health.
      </p>
      {/* Never disabled: a button disabled once its save worked drops the keyboard focus to the top of the page. */}
      <button type="submit" class="button secondary">
        Save email
      </button>
      <span role="status">{saved ? (email.trim() === '' ? ' No reminders by email.' : ' Saved.') : ''}</span>
    </form>
  );
}
