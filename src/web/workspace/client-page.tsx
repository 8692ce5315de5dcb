/** A client: details and a timeline of assessments, plans, referrals and shares. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api } from './api.js';
import { PageStatus } from './page-status.js';
import { SETTING_NAMES } from './recommendation-view.js';
import { navigate } from './router.js';
import type { Client, StoredAssessment } from './types.js';

interface TimelineEntry {
  at: string;
  kind: string;
  text: string;
  href?: string;
}

interface PlanSummary {
  id: string;
  version: number;
  status: string;
  recommendedSetting?: string;
  selectedSetting?: string;
  updatedAt?: string;
  createdAt?: string;
}

interface Referral {
  id: string;
  programName?: string;
  programId: string;
  status: string;
  updatedAt?: string;
  createdAt: string;
}

interface Consent {
  id: string;
  recipientName: string;
  revokedAt: string | null;
  expiresAt: string;
  createdAt: string;
}

/** Optional parts of the timeline: a list the server does not offer yet leaves the rest working. */
async function optionalList<T>(path: string): Promise<T[]> {
  try {
    const { data } = await api<{ items: T[] }>('GET', path);
    return data.items;
  } catch (caught) {
    if (caught instanceof ApiError && caught.status === 404 && caught.code === 'not_found') return [];
    throw caught;
  }
}

export function ClientPage(props: { id: string }) {
  const [client, setClient] = useState<Client | null>(null);
  const [timeline, setTimeline] = useState<TimelineEntry[]>([]);
  const [plans, setPlans] = useState<PlanSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [restoring, setRestoring] = useState(false);
  const [restoreError, setRestoreError] = useState<string | null>(null);
  const [restored, setRestored] = useState(false);
  const firstAction = useRef<HTMLAnchorElement>(null);

  // The Restore button goes away once it has worked; keep the keyboard where the work continues.
  useEffect(() => {
    if (restored) firstAction.current?.focus();
  }, [restored]);

  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const { data } = await api<Client>('GET', `/api/v1/clients/${props.id}`);
        const [assessments, planItems, referrals, consents] = await Promise.all([
          api<{ items: StoredAssessment[] }>('GET', `/api/v1/clients/${props.id}/assessments`).then(
            (r) => r.data.items,
          ),
          optionalList<PlanSummary>(`/api/v1/clients/${props.id}/plans`),
          optionalList<Referral>(`/api/v1/clients/${props.id}/referrals`),
          optionalList<Consent>(`/api/v1/clients/${props.id}/consents`),
        ]);
        if (!live) return;
        setClient(data);
        setPlans(planItems);
        const entries: TimelineEntry[] = [
          ...assessments.map((a) => ({
            at: a.createdAt,
            kind: 'Assessment',
            text: `Version ${a.version}: ${SETTING_NAMES[a.recommendation.primary.setting]}`,
            href: `#/assessments/${a.id}`,
          })),
          ...planItems.map((p) => ({
            at: p.updatedAt ?? p.createdAt ?? '',
            kind: 'Plan',
            text: `Version ${p.version}, ${p.status}${p.selectedSetting ? `: ${SETTING_NAMES[p.selectedSetting] ?? p.selectedSetting}` : ''}`,
            href: `#/plans/${p.id}`,
          })),
          ...referrals.map((r) => ({
            at: r.updatedAt ?? r.createdAt,
            kind: 'Referral',
            text: `${r.programName ?? r.programId}: ${r.status}`,
          })),
          ...consents.map((c) => ({
            at: c.createdAt,
            kind: 'Share',
            text: `Consent to share with ${c.recipientName}${c.revokedAt ? ' (revoked)' : ` until ${c.expiresAt.slice(0, 10)}`}`,
          })),
        ].sort((a, b) => b.at.localeCompare(a.at));
        setTimeline(entries);
      } catch (caught) {
        if (live) setError(caught instanceof ApiError ? caught.message : 'Could not load this client.');
      }
    })();
    return () => {
      live = false;
    };
  }, [props.id]);

  const newPlan = async () => {
    try {
      const { data } = await api<{ id: string }>('POST', `/api/v1/clients/${props.id}/plans`, { body: {} });
      navigate(`/plans/${data.id}`);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'Could not start a plan.');
    }
  };

  const restore = async () => {
    setRestoring(true);
    setRestoreError(null);
    try {
      const { data } = await api<Client>('POST', `/api/v1/clients/${props.id}/restore`);
      setClient(data);
      setRestored(true);
    } catch (caught) {
      setRestoreError(caught instanceof ApiError ? caught.message : 'Could not restore this client.');
    } finally {
      setRestoring(false);
    }
  };

  if (error || !client) return <PageStatus error={error} />;
  return (
    <main id="main">
      <p>
        <a href="#/clients">Clients</a>
      </p>
      <h1>{client.displayName}</h1>
      <p class="muted">
        {client.externalRef ? `Record ${client.externalRef} · ` : ''}
        {client.birthYear ? `Born ${client.birthYear} · ` : ''}
        {client.preferredLanguage === 'es' ? 'Spanish' : 'English'}
        {client.archived ? ' · Archived' : ''}
      </p>
      {/* Always in the page, so screen readers announce what appears in it. */}
      <div role="status">
        {restored ? <p class="banner">Restored. You can add assessments and plans again.</p> : null}
      </div>
      {client.archived ? (
        // Nothing can be added to an archived client's records, so only the way back is offered.
        <div class="banner warn">
          <p>
            This client is archived. You can read their records, but you cannot add to them or change them. Restore them
            to work with their records again.
          </p>
          {restoreError ? (
            <p class="error" role="alert">
              {restoreError}
            </p>
          ) : null}
          <p>
            <button type="button" class="button" disabled={restoring} onClick={() => void restore()}>
              Restore
            </button>
          </p>
        </div>
      ) : (
        <div class="actions">
          <a class="button" href={`#/clients/${client.id}/assess`} ref={firstAction}>
            New assessment
          </a>
          <button type="button" class="button secondary" onClick={() => void newPlan()}>
            New discharge plan
          </button>
        </div>
      )}
      {plans.length > 0 ? (
        <p>
          Latest plan: <a href={`#/plans/${plans[0]?.id}`}>open the plan</a>
        </p>
      ) : null}
      <h2>Timeline</h2>
      {timeline.length === 0 ? <p class="muted">Nothing yet.</p> : null}
      <ol class="timeline">
        {timeline.map((entry) => (
          <li key={`${entry.kind}-${entry.at}-${entry.text}`}>
            <time dateTime={entry.at}>{entry.at.slice(0, 16).replace('T', ' ')}</time>{' '}
            <span class="tag">{entry.kind}</span> {entry.href ? <a href={entry.href}>{entry.text}</a> : entry.text}
          </li>
        ))}
      </ol>
    </main>
  );
}
