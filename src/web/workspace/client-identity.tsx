/**
 * Who a screen is about: the client's name, record number and date of birth at the top of every
 * client-scoped screen and in the browser tab's title, so a clinician with several tabs open can
 * tell at a glance whose record is in front of them.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ClientResponse } from '../../core/api/clients.js';
import { formatPlanDate } from '../../core/plans/words.js';
import { api } from './api.js';

/** "Record MRN-77 · Born April 2, 1990": the facts that tell two clients with one name apart. */
export function identityFacts(client: ClientResponse): string[] {
  return [
    client.externalRef ? `Record ${client.externalRef}` : 'No record number',
    client.birthDate
      ? `Born ${formatPlanDate(client.birthDate, 'en')}`
      : client.birthYear
        ? `Born ${client.birthYear}`
        : 'Date of birth not recorded',
  ];
}

/** Sets the tab's title to the screen and the client's name and record number. */
export function useClientTitle(client: ClientResponse | null, screen: string): void {
  useEffect(() => {
    if (!client) return;
    const who = client.externalRef ? `${client.displayName} (${client.externalRef})` : client.displayName;
    document.title = `${who} · ${screen} · Stepdown`;
    return () => {
      document.title = 'Stepdown workspace';
    };
  }, [client?.id, client?.displayName, client?.externalRef, screen]);
}

/** The client a screen is about, read once; null until it arrives (or when it cannot be read). */
export function useClient(clientId: string | undefined): ClientResponse | null {
  const [client, setClient] = useState<ClientResponse | null>(null);
  useEffect(() => {
    if (!clientId) return;
    let live = true;
    api<ClientResponse>('GET', `/api/v1/clients/${clientId}`)
      .then(({ data }) => {
        if (live) setClient(data);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [clientId]);
  return client;
}

/** The identity line over a client-scoped screen: name (a link to the client), record number, date of birth. */
export function ClientIdentity(props: { client: ClientResponse | null; screen: string }) {
  const { client } = props;
  useClientTitle(client, props.screen);
  if (!client) return null;
  return (
    <p class="client-identity">
      <span class="visually-hidden">Client: </span>
      <a href={`#/clients/${client.id}`}>
        <strong>{client.displayName}</strong>
      </a>
      {identityFacts(client).map((fact) => (
        <span key={fact}> · {fact}</span>
      ))}
      {client.archived ? <span> · Archived</span> : null}
    </p>
  );
}
