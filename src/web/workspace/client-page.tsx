/**
 * A client: details, their progress since discharge (alerts, signals, measures), their consents to
 * share (revocable here whatever state any plan is in), who their records were shared with under
 * those consents, and a timeline of assessments, plans, referrals and consents, in words.
 */
import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AssessmentListResponse } from '../../core/api/assessments.js';
import type { ClientResponse } from '../../core/api/clients.js';
import type { ConsentResponse } from '../../core/api/consents.js';
import type { PlanResponse } from '../../core/api/plans.js';
import type { ReferralResponse } from '../../core/api/referrals.js';
import { formatPlanDate } from '../../core/plans/words.js';
import { referralStepText } from '../../core/programs/referral.js';
import { ApiError, api } from './api.js';
import { ClientProgress } from './client-progress.js';
import { ConsentList, consentStateText } from './consent-list.js';
import { DisclosureList } from './disclosure-list.js';
import { PlanGoals } from './goal-status.js';
import { identityFacts, useClientTitle } from './client-identity.js';
import { useLocalTime } from './local-time.js';
import { PageStatus } from './page-status.js';
import { ReminderEmail } from './reminder-email.js';
import { CheckInPanel } from './check-in-panel.js';
import { SETTING_NAMES } from './recommendation-view.js';
import { navigate } from './router.js';

interface TimelineEntry {
  at: string;
  kind: string;
  text: string;
  href?: string;
}

/** "In force until …" as it reads after a colon. */
function lowerFirst(text: string): string {
  return `${text.charAt(0).toLowerCase()}${text.slice(1)}`;
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
  const local = useLocalTime();
  const [client, setClient] = useState<ClientResponse | null>(null);
  const [timeline, setTimeline] = useState<TimelineEntry[]>([]);
  const [plans, setPlans] = useState<PlanResponse[]>([]);
  const [consents, setConsents] = useState<ConsentResponse[]>([]);
  /** Counts changes made on this page that the lists below must show (a consent revoked). */
  const [changes, setChanges] = useState(0);
  /** Counts goal statuses saved on this page: the signals that read them load again. */
  const [goalChanges, setGoalChanges] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const [confirmingArchive, setConfirmingArchive] = useState(false);
  const [done, setDone] = useState<'archived' | 'restored' | null>(null);
  const firstAction = useRef<HTMLAnchorElement>(null);
  const archiveButton = useRef<HTMLButtonElement>(null);
  const confirmHeading = useRef<HTMLHeadingElement>(null);
  const restoreButton = useRef<HTMLButtonElement>(null);

  // The button pressed goes away once archiving or restoring has worked; keep the keyboard where
  // the work continues: on Restore once archived, on New assessment once restored.
  useEffect(() => {
    if (done === 'archived') restoreButton.current?.focus();
    if (done === 'restored') firstAction.current?.focus();
  }, [done]);

  // The confirmation appears below the button: take the keyboard and screen reader to its question.
  useEffect(() => {
    if (confirmingArchive) confirmHeading.current?.focus();
  }, [confirmingArchive]);

  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const { data } = await api<ClientResponse>('GET', `/api/v1/clients/${props.id}`);
        const [assessments, planItems, referrals, consentItems] = await Promise.all([
          api<AssessmentListResponse>('GET', `/api/v1/clients/${props.id}/assessments`).then((r) => r.data.items),
          optionalList<PlanResponse>(`/api/v1/clients/${props.id}/plans`),
          optionalList<ReferralResponse>(`/api/v1/clients/${props.id}/referrals`),
          optionalList<ConsentResponse>(`/api/v1/clients/${props.id}/consents`),
        ]);
        if (!live) return;
        setClient(data);
        setPlans(planItems);
        setConsents(consentItems);
        const entries: TimelineEntry[] = [
          ...assessments.map((a) => ({
            at: a.createdAt,
            kind: 'Assessment',
            text: `Version ${a.version}: ${SETTING_NAMES[a.recommendation.primary.setting]}`,
            href: `#/assessments/${a.id}`,
          })),
          ...planItems.map((p) => ({
            at: p.finalizedAt ?? p.createdAt,
            kind: 'Plan',
            text: `Version ${p.version}, ${p.status === 'final' ? 'finalised' : 'draft'}: ${SETTING_NAMES[p.selectedSetting] ?? p.selectedSetting}`,
            href: `#/plans/${p.id}`,
          })),
          // Each step of a referral, in words, with its day and note.
          ...referrals.flatMap((r) =>
            r.history.map((step) => ({
              at: step.changedAt,
              kind: 'Referral',
              text: referralStepText(r.program.name, step, (date) => formatPlanDate(date, 'en')),
            })),
          ),
          ...consentItems.map((c) => ({
            at: c.createdAt,
            kind: 'Consent',
            text: `Consent to share with ${c.recipient.name}: ${lowerFirst(consentStateText(c))}`,
          })),
        ].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
        setTimeline(entries);
      } catch (caught) {
        if (live) setError(caught instanceof ApiError ? caught.message : 'Could not load this client.');
      }
    })();
    return () => {
      live = false;
    };
  }, [props.id, changes, local.timeZone]);

  // Another client: nothing of the last one's archiving is on the page.
  useEffect(() => {
    setDone(null);
    setConfirmingArchive(false);
  }, [props.id]);

  const newPlan = async () => {
    try {
      const { data } = await api<{ id: string }>('POST', `/api/v1/clients/${props.id}/plans`, { body: {} });
      navigate(`/plans/${data.id}`);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'Could not start a plan.');
    }
  };

  const changeArchiveState = async (action: 'archive' | 'restore') => {
    setBusy(true);
    setActionError(null);
    try {
      const { data } = await api<ClientResponse>('POST', `/api/v1/clients/${props.id}/${action}`);
      setClient(data);
      setConfirmingArchive(false);
      setDone(data.archived ? 'archived' : 'restored');
    } catch (caught) {
      setActionError(
        caught instanceof ApiError
          ? caught.message
          : action === 'archive'
            ? 'Could not archive this client.'
            : 'Could not restore this client.',
      );
    } finally {
      setBusy(false);
    }
  };

  const cancelArchive = () => {
    setConfirmingArchive(false);
    setActionError(null);
    archiveButton.current?.focus();
  };

  useClientTitle(client, 'Client');
  if (error || !client) return <PageStatus error={error} />;
  return (
    <main id="main">
      <p>
        <a href="#/clients">Clients</a>
      </p>
      <h1>{client.displayName}</h1>
      <p class="muted">
        {identityFacts(client).join(' · ')} · {client.preferredLanguage === 'es' ? 'Spanish' : 'English'}
        {client.archived
          ? ` · Archived${client.archivedAt ? ` on ${formatPlanDate(client.archivedAt, 'en', local.timeZone)}` : ''}`
          : ''}
      </p>
      {/* Always in the page, so screen readers announce what appears in it. */}
      <div role="status">
        {done === 'restored' ? <p class="banner">Restored. You can add assessments and plans again.</p> : null}
        {done === 'archived' ? (
          <p class="banner">Archived. The record is kept; restore the client to add to it again.</p>
        ) : null}
      </div>
      {client.archived ? (
        // Nothing can be added to an archived client's records, so only the way back is offered.
        <div class="banner warn">
          <p>
            This client is archived. You can read their records, but you cannot add to them or change them. Restore them
            to work with their records again.
          </p>
          {actionError ? (
            <p class="error" role="alert">
              {actionError}
            </p>
          ) : null}
          <p>
            <button
              type="button"
              class="button"
              ref={restoreButton}
              disabled={busy}
              onClick={() => void changeArchiveState('restore')}
            >
              Restore
            </button>
          </p>
        </div>
      ) : (
        <>
          <div class="actions">
            <a class="button" href={`#/clients/${client.id}/assess`} ref={firstAction}>
              New assessment
            </a>
            <button type="button" class="button secondary" onClick={() => void newPlan()}>
              New discharge plan
            </button>
            <button
              type="button"
              class="button secondary"
              ref={archiveButton}
              aria-expanded={confirmingArchive}
              aria-controls={confirmingArchive ? 'archive-confirmation' : undefined}
              onClick={() => (confirmingArchive ? cancelArchive() : setConfirmingArchive(true))}
            >
              Archive
            </button>
          </div>
          {confirmingArchive ? (
            <ArchiveConfirmation
              name={client.displayName}
              heading={confirmHeading}
              busy={busy}
              error={actionError}
              onConfirm={() => void changeArchiveState('archive')}
              onCancel={cancelArchive}
            />
          ) : null}
        </>
      )}
      {plans.length > 0 ? (
        <p>
          Latest plan: <a href={`#/plans/${plans[0]?.id}`}>open the plan</a>
        </p>
      ) : null}
      <ClientProgress
        refresh={goalChanges}
        clientId={client.id}
        archived={client.archived}
        reassessBy={plans.find((plan) => plan.status === 'final')?.reassessBy ?? null}
      />
      {/* Safety first: Progress (its open alerts lead) comes before the goals and check-ins. */}
      <PlanGoals plans={plans} archived={client.archived} onChanged={() => setGoalChanges((count) => count + 1)} />
      <CheckInPanel key={`check-ins-${client.id}`} client={client} />
      {client.archived ? null : <ReminderEmail key={client.id} client={client} onSaved={setClient} />}
      <h2>Consents to share</h2>
      <ConsentList consents={consents} showPlan onChanged={() => setChanges((count) => count + 1)} />
      <DisclosureList key={client.id} clientId={client.id} language={client.preferredLanguage} />
      <h2>Timeline</h2>
      {timeline.length === 0 ? <p class="muted">Nothing yet.</p> : null}
      <ol class="timeline">
        {timeline.map((entry) => (
          <li key={`${entry.kind}-${entry.at}-${entry.text}`}>
            <time dateTime={entry.at}>{local.when(entry.at)}</time> <span class="tag">{entry.kind}</span>{' '}
            {entry.href ? <a href={entry.href}>{entry.text}</a> : entry.text}
          </li>
        ))}
      </ol>
    </main>
  );
}

/**
 * The question before archiving, in plain words: what archiving keeps, what it stops, and how to
 * undo it. Escape or Cancel closes it and gives the keyboard back to the Archive button.
 */
function ArchiveConfirmation(props: {
  name: string;
  heading: RefObject<HTMLHeadingElement>;
  busy: boolean;
  error: string | null;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <section
      id="archive-confirmation"
      class="banner warn confirm"
      aria-labelledby="archive-question"
      onKeyDown={(event) => {
        if (event.key === 'Escape') props.onCancel();
      }}
    >
      <h2 id="archive-question" tabIndex={-1} ref={props.heading}>
        Archive {props.name}?
      </h2>
      <p>
        Archiving keeps the record: their assessments, plans, referrals and shares stay as they are, and you can still
        read them and export them.
      </p>
      <p>
        While the client is archived, no one can add an assessment or a plan, or change anything in their records. They
        are left out of the client list unless you choose to show archived clients.
      </p>
      <p>To undo this, open the client and choose Restore. Their records can then change again.</p>
      {props.error ? (
        <p class="error" role="alert">
          {props.error}
        </p>
      ) : null}
      <div class="actions">
        <button type="button" class="button" disabled={props.busy} onClick={props.onConfirm}>
          Archive {props.name}
        </button>
        <button type="button" class="button secondary" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}
