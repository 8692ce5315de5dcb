/**
 * The goals of a client's finalised plan on their page: each goal's words, whether it is met, who
 * marked it and when, and a form to mark it met or not with a note. "Goals met" feeds the step-down
 * readiness signal, which the section says in words. Before a plan is finalised it says why there
 * is nothing to mark. A save that fails keeps the choice and the note on the page, with a way to
 * try again.
 */
import { useEffect, useState } from 'preact/hooks';
import type { PlanGoalsResponse } from '../../core/api/plan-goals.js';
import type { PlanResponse } from '../../core/api/plans.js';
import { formatPlanDate } from '../../core/plans/words.js';
import { ApiError, api, issuesFor } from './api.js';
import { FieldError } from './clients.js';
import { planWhoseGoalsCount } from './goals-plan.js';
import { useLocalTime } from './local-time.js';

/** The server's limit on a goal's note (GOAL_NOTE_LIMIT; the schema module stays out of the bundle). */
const NOTE_LIMIT = 2000;

type GoalItem = PlanGoalsResponse['items'][number];

/** "2 of 3 goals met", "1 of 1 goal met". */
export function goalsMetText(goals: PlanGoalsResponse): string {
  const met = goals.items.filter((item) => item.met).length;
  return `${met} of ${goals.items.length} goal${goals.items.length === 1 ? '' : 's'} met`;
}

export function PlanGoals(props: {
  plans: readonly PlanResponse[];
  archived: boolean;
  /** Called after a goal's status is saved (the signals that read it may have changed). */
  onChanged: () => void;
}) {
  const plan = planWhoseGoalsCount(props.plans);
  const [goals, setGoals] = useState<PlanGoalsResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notFinal, setNotFinal] = useState(false);

  useEffect(() => {
    setGoals(null);
    setError(null);
    setNotFinal(false);
    if (!plan) return;
    let live = true;
    void (async () => {
      try {
        const { data } = await api<PlanGoalsResponse>('GET', `/api/v1/plans/${plan.id}/goals`);
        if (live) setGoals(data);
      } catch (caught) {
        if (!live) return;
        if (caught instanceof ApiError && caught.status === 409) setNotFinal(true);
        else setError(caught instanceof ApiError ? caught.message : 'Could not load the plan’s goals.');
      }
    })();
    return () => {
      live = false;
    };
  }, [plan?.id, plan?.latestFinalVersion]);

  const draft = props.plans[0];
  return (
    <section aria-labelledby="goals-heading" class="plan-goals" data-testid="plan-goals">
      <h2 id="goals-heading">Plan goals</h2>
      {!plan || notFinal ? (
        <p data-testid="goals-not-final">
          {props.plans.length === 0
            ? 'No discharge plan yet. Goals are marked met on a finalised plan: write the plan with the client and finalise it first.'
            : 'The plan is not finalised yet, so there is nothing to mark. Goals are marked met on a finalised plan: finalise it first.'}
          {draft ? (
            <>
              {' '}
              <a href={`#/plans/${draft.id}`}>Open the plan</a>
            </>
          ) : null}
        </p>
      ) : error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : !goals ? (
        <p>Loading…</p>
      ) : (
        <GoalList
          goals={goals}
          archived={props.archived}
          amending={plan.status === 'draft'}
          onSaved={(saved) => {
            setGoals(saved);
            props.onChanged();
          }}
        />
      )}
    </section>
  );
}

function GoalList(props: {
  goals: PlanGoalsResponse;
  archived: boolean;
  amending: boolean;
  onSaved: (goals: PlanGoalsResponse) => void;
}) {
  const { goals } = props;
  if (goals.items.length === 0) {
    return <p>The finalised plan (version {goals.version}) has no goals, so there is nothing to mark.</p>;
  }
  return (
    <>
      <p>
        <strong data-testid="goals-met-count">{goalsMetText(goals)}</strong>, from the finalised plan (version{' '}
        {goals.version}).
        {props.amending ? ' A draft change to the plan is open: its goals count here once it is finalised.' : ''}
      </p>
      <p class="muted">
        When every goal is met and the last four weeks were without use, the step-down readiness signal under Signals
        says so. Marking goals never changes the plan or the level of care by itself.
      </p>
      <ol class="goal-statuses">
        {goals.items.map((item, index) => (
          <GoalRow
            key={item.goalId}
            planId={goals.planId}
            item={item}
            number={index + 1}
            archived={props.archived}
            onSaved={props.onSaved}
          />
        ))}
      </ol>
    </>
  );
}

/** Who marked the goal and when, in words; nothing when no one has yet. */
function markedText(item: GoalItem, when: (instant: string) => string): string {
  if (item.updatedAt === null) return 'No one has marked this goal yet.';
  const who = item.updatedByName ?? 'a former user';
  return `${item.met ? 'Marked met' : 'Marked not met'} by ${who} on ${when(item.updatedAt)}.`;
}

function GoalRow(props: {
  planId: string;
  item: GoalItem;
  number: number;
  archived: boolean;
  onSaved: (goals: PlanGoalsResponse) => void;
}) {
  const { item, number } = props;
  const local = useLocalTime();
  const [met, setMet] = useState(item.met);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const id = `goal-${item.goalId}`;
  const unchanged = met === item.met && note.trim() === '';

  const save = async () => {
    if (busy) return;
    if (unchanged && error === null) {
      setSaved(`Nothing to save: goal ${number} is already marked ${met ? 'met' : 'not met'}.`);
      return;
    }
    setBusy(true);
    setSaved(null);
    try {
      const { data } = await api<PlanGoalsResponse>(
        'PUT',
        `/api/v1/plans/${props.planId}/goals/${encodeURIComponent(item.goalId)}/status`,
        { body: { met, note: note.trim() === '' ? null : note } },
      );
      setError(null);
      setNote('');
      setSaved(`Saved: goal ${number} is marked ${met ? 'met' : 'not met'}.`);
      props.onSaved(data);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const offline = error instanceof ApiError && error.status === 0;
  const fieldIssues = issuesFor(error, 'note').length + issuesFor(error, 'met').length;
  const failure =
    error === null
      ? null
      : offline
        ? 'Not saved: the server cannot be reached. Your choice and note are still here. Try again when the connection is back.'
        : error instanceof ApiError && error.status === 404
          ? 'Not saved: this goal is no longer in the latest finalised plan. Reload the page to see the plan’s goals now.'
          : error instanceof ApiError && fieldIssues > 0
            ? 'Not saved: see the problem below.'
            : `Not saved: ${error instanceof ApiError ? error.message : 'something went wrong.'}`;

  return (
    <li class="goal-status" data-testid="goal-status">
      <div class="goal-facts">
        <p class="goal-words">
          <strong>Goal {number}:</strong> {item.text}
        </p>
        <p class="muted">
          {item.targetDate ? `Target date: ${formatPlanDate(item.targetDate, 'en')}. ` : ''}
          {markedText(item, local.when)}
        </p>
        <p>
          Status: <span class={`tag ${item.met ? 'tag-met' : ''}`}>{item.met ? 'Met' : 'Not met yet'}</span>
        </p>
        {item.note ? <p class="goal-note">Note: {item.note}</p> : null}
      </div>
      {props.archived ? null : (
        <form
          class="goal-form"
          aria-label={`Mark goal ${number}`}
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          <fieldset class="goal-choice">
            <legend>Is goal {number} met?</legend>
            <label class="choice-option">
              <input
                type="radio"
                name={`${id}-met`}
                checked={met}
                onChange={() => {
                  setMet(true);
                  setSaved(null);
                }}
              />
              <span>Met</span>
            </label>
            <label class="choice-option">
              <input
                type="radio"
                name={`${id}-met`}
                checked={!met}
                onChange={() => {
                  setMet(false);
                  setSaved(null);
                }}
              />
              <span>Not met yet</span>
            </label>
            <FieldError messages={issuesFor(error, 'met')} />
          </fieldset>
          <label class="field" for={`${id}-note`}>
            <span>Note for goal {number} (optional): what shows it</span>
          </label>
          <textarea
            id={`${id}-note`}
            rows={2}
            maxLength={NOTE_LIMIT}
            value={note}
            onInput={(event) => {
              setNote(event.currentTarget.value);
              setSaved(null);
            }}
          />
          <FieldError messages={issuesFor(error, 'note')} />
          {failure ? (
            <p class="error" role="alert">
              {failure}
            </p>
          ) : null}
          <p class="actions">
            {/* Never disabled: a disabled button drops the keyboard focus to the top of the page. */}
            <button type="submit" class="button secondary" aria-disabled={busy ? 'true' : undefined}>
              {busy ? 'Saving…' : offline ? `Try again: save goal ${number}` : `Save goal ${number}`}
            </button>
            <span role="status">{saved ? ` ${saved}` : ''}</span>
          </p>
        </form>
      )}
    </li>
  );
}

/**
 * In the plan editor, beside the goals: how many goals of the finalised version are met and where to
 * mark them, and that changing a goal's words in an amendment takes "met" away once it is
 * finalised. Nothing while the plan has no finalised version.
 */
export function GoalsMetSummary(props: { plan: PlanResponse }) {
  const { plan } = props;
  const [goals, setGoals] = useState<PlanGoalsResponse | null>(null);

  useEffect(() => {
    setGoals(null);
    if (plan.latestFinalVersion === null) return;
    let live = true;
    void (async () => {
      try {
        const { data } = await api<PlanGoalsResponse>('GET', `/api/v1/plans/${plan.id}/goals`);
        if (live) setGoals(data);
      } catch {
        // The count is a convenience here; the client's page shows the goals and any error in full.
      }
    })();
    return () => {
      live = false;
    };
  }, [plan.id, plan.latestFinalVersion]);

  if (!goals || goals.items.length === 0) return null;
  return (
    <p class="muted" data-testid="plan-goals-summary">
      <strong>{goalsMetText(goals)}</strong> in finalised version {goals.version}.{' '}
      <a href={`#/clients/${plan.clientId}`}>Mark goals met on the client’s page.</a> If an amendment changes a goal’s
      words, that goal is no longer met once the amendment is finalised.
    </p>
  );
}
