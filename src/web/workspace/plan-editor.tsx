/**
 * The discharge plan editor: recommended and selected setting (with a coded variance reason when
 * they differ), goals from templates, therapies, services, supports, the relapse-prevention plan,
 * the safety block (which cannot be removed), the reassessment date, live finalisation checks from
 * the same core code as the server, versioned saves that cannot overwrite a colleague's, attested
 * finalising, documents, FHIR export, sharing with the client and, under consent, with family.
 *
 * Edits are never lost: the page knows when what is on it differs from the saved version (leaving
 * asks first), finalising saves what is on the page and locks exactly that, a save refused because
 * someone saved first puts the changes back on top of the newer version on request, and an ended
 * session asks to sign in again over the page (api.ts), then saves.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { PlanResponse } from '../../core/api/plans.js';
import { canonicalJson } from '../../core/canonical-json.js';
import { reapplyChanges } from '../../core/plans/reapply.js';
import { finalizationProblems, ATTESTATION_TEXT } from '../../core/plans/finalize.js';
import { GOAL_TEMPLATES } from '../../core/plans/goal-templates.js';
import {
  PLAN_SCHEMA_ID,
  PlanDocumentSchema,
  PlanDocumentV1Schema,
  selectionDiffers,
  type Goal,
  type PlanDocument,
  type StoredPlanDocument,
  upgradePlan,
} from '../../core/plans/plan-schema.js';
import { medicationsToKeep } from '../../core/plans/medicines.js';
import { SAFETY_TEXT } from '../../core/plans/safety.js';
import {
  GOAL_TEMPLATE_IDS,
  MEDICATION_PLAN_STATUS_LABELS,
  MEDICATION_PLAN_STATUSES,
  MEDICATION_PURPOSE_LABELS,
  MEDICATION_PURPOSES,
  NALOXONE_STATUS_LABELS,
  NALOXONE_STATUSES,
  SAFETY_TOPICS,
  SERVICE_KIND_LABELS,
  SERVICE_KINDS,
  SETTING_LABELS,
  type GoalTemplateId,
} from '../../core/plans/vocabulary.js';
import { ApiError, api, issuesFor } from './api.js';
import { FieldError } from './clients.js';
import { GoalsMetSummary } from './goal-status.js';
import { LineListEditor, RecordListEditor } from './list-editor.js';
import { DateField, RemoveButton, TextAreaField, VarianceFieldset } from './plan-fields.js';
import { PlanSharing } from './plan-sharing.js';
import { ConflictNotice, NewerAssessmentNotice, PlanHeader, partsText } from './plan-status.js';
import {
  AppointmentsEditor,
  FirstStep,
  MedicationsEditor,
  plainProblem,
  SafetyPlanEditor,
  type TransitionProps,
  UrgentEvaluationEditor,
  WithdrawalChoice,
} from './plan-transition.js';
import { ProgramReferrals } from './referrals.js';
import { useLeaveGuard } from './router.js';
import { useSessionUser } from './session.js';
import { ClientIdentity, useClient } from './client-identity.js';
import { useLocalTime } from './local-time.js';

const UNSAVED_QUESTION = 'You have changes to this plan that are not saved. Leave without saving them?';

const SETTINGS = ['op', 'iop', 'php', 'residential', 'inpatient'] as const;

/**
 * The plan document inside an API answer, which carries the version's facts beside its fields; a
 * plan@1 version is edited as the plan@2 its next save becomes.
 */
function documentOf(plan: PlanResponse): PlanDocument {
  const schema = plan.schema === PLAN_SCHEMA_ID ? PlanDocumentSchema : PlanDocumentV1Schema;
  const fields = Object.keys(schema.shape) as Array<keyof typeof plan>;
  return upgradePlan(Object.fromEntries(fields.map((field) => [field, plan[field]])) as StoredPlanDocument);
}

function newGoalId(): string {
  return `g${Math.random().toString(36).slice(2, 10)}`;
}

export function PlanEditor(props: { id: string }) {
  const local = useLocalTime();
  const [plan, setPlan] = useState<PlanResponse | null>(null);
  const client = useClient(plan?.clientId);
  const [draft, setDraft] = useState<PlanDocument | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [attested, setAttested] = useState(false);
  const [confirmNewer, setConfirmNewer] = useState(false);
  const [conflict, setConflict] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [template, setTemplate] = useState<GoalTemplateId>(GOAL_TEMPLATE_IDS[0]);
  const me = useSessionUser();

  /** Shows a version as saved: on the page exactly, nothing unsaved. */
  const show = (data: PlanResponse) => {
    setPlan(data);
    setDraft(documentOf(data));
    setError(null);
    setConflict(null);
  };

  const load = async () => {
    try {
      show((await api<PlanResponse>('GET', `/api/v1/plans/${props.id}`)).data);
    } catch (caught) {
      setError(caught);
    }
  };
  useEffect(() => {
    void load();
  }, [props.id]);

  const savedText = useMemo(() => (plan ? canonicalJson(documentOf(plan)) : ''), [plan]);
  const dirty = plan !== null && draft !== null && canonicalJson(draft) !== savedText;
  useLeaveGuard(dirty ? UNSAVED_QUESTION : null);

  const problems = useMemo(
    () => (draft ? finalizationProblems(draft, { today: local.today() }) : []),
    [draft, local.timeZone],
  );

  if (!plan || !draft) {
    return (
      <main id="main" aria-busy={error ? 'false' : 'true'}>
        {error instanceof ApiError ? (
          <p class="error" role="alert">
            {error.message}
          </p>
        ) : (
          <p>Loading…</p>
        )}
      </main>
    );
  }

  const locked = plan.status === 'final';
  const set = (change: Partial<PlanDocument>) => setDraft({ ...draft, ...change });
  const differs = selectionDiffers(draft);
  const problemsFor = (path: string) => [
    ...issuesFor(error, path),
    ...problems.filter((p) => p.path === path || p.path.startsWith(`${path}.`)).map((p) => p.message),
  ];

  /** A refused change: a 412 offers to put the changes back on the newer version. */
  const failed = (caught: unknown) => {
    setError(caught);
    setConflict(caught instanceof ApiError && caught.status === 412 ? caught : null);
  };

  /** Runs one change at a time, with the page's message cleared first. */
  const run = async (work: () => Promise<void>) => {
    setMessage(null);
    setBusy(true);
    try {
      await work();
    } catch (caught) {
      failed(caught);
    } finally {
      setBusy(false);
    }
  };

  /** Saves what is on the page when it differs from the saved version; returns the version to act on. */
  const saveOnScreen = async (): Promise<PlanResponse> => {
    if (!dirty) return plan;
    const onScreen = draft;
    const { data } = await api<PlanResponse>('PUT', `/api/v1/plans/${plan.id}`, {
      body: onScreen,
      headers: { 'if-match': `"${plan.version}"` },
    });
    setPlan(data);
    // Typing that went on during the save stays on the page (and unsaved).
    setDraft((current) => (current && canonicalJson(current) !== canonicalJson(onScreen) ? current : documentOf(data)));
    setError(null);
    setConflict(null);
    return data;
  };

  const save = () =>
    run(async () => {
      const data = await saveOnScreen();
      setMessage(`Saved as version ${data.version}.`);
    });

  /** Finalises exactly what is on the page: saved first when it has unsaved changes. */
  const finalize = () =>
    run(async () => {
      const hadChanges = dirty;
      const current = await saveOnScreen();
      const newer = current.newerAssessment;
      const { data } = await api<PlanResponse>('POST', `/api/v1/plans/${current.id}/finalize`, {
        body: {
          version: current.version,
          attestation: true,
          ...(newer && confirmNewer ? { newerAssessment: { id: newer.id, version: newer.version } } : {}),
        },
      });
      show(data);
      setAttested(false);
      setConfirmNewer(false);
      setMessage(
        `${hadChanges ? `Your changes were saved as version ${data.version}. ` : ''}Finalised. This version is now locked.`,
      );
    });

  /** Moves the plan onto the client's newer assessment, after saving what is on the page. */
  const takeRecommendation = () =>
    run(async () => {
      const current = await saveOnScreen();
      const newer = current.newerAssessment;
      if (!newer) return;
      const { data } = await api<PlanResponse>('POST', `/api/v1/plans/${current.id}/recommendation`, {
        body: { assessment: { id: newer.id, version: newer.version } },
        headers: { 'if-match': `"${current.version}"` },
      });
      show(data);
      setConfirmNewer(false);
      const recommended = SETTING_LABELS[data.recommendedSetting];
      setMessage(
        selectionDiffers(data)
          ? `The plan now follows the newer assessment: ${recommended} is recommended, saved as version ${data.version}. The selected setting (${SETTING_LABELS[data.selectedSetting]}) differs from it: give the reason below, or select the recommended setting.`
          : `The plan now follows the newer assessment: ${recommended} is recommended, saved as version ${data.version}. Everything else is as it was.`,
      );
    });

  /**
   * Fills an appointment from an accepted referral. What is on the page is saved first, as for
   * Finalise: the server adds the appointment to the saved version, so an unsaved edit would be lost.
   */
  const fillFromReferral = (referralId: string, startsAt: string) =>
    run(async () => {
      const hadChanges = dirty;
      const current = await saveOnScreen();
      const { data } = await api<PlanResponse>('POST', `/api/v1/plans/${current.id}/appointments/from-referral`, {
        body: { referralId, startsAt },
        headers: { 'if-match': `"${current.version}"` },
      });
      show(data);
      setMessage(
        `${hadChanges ? `Your changes were saved as version ${current.version}. ` : ''}Appointment filled from the referral and saved as version ${data.version}.`,
      );
    });

  /** After a 412: the newer version, with this page's changes put back on top of it. */
  const reapply = () =>
    run(async () => {
      const base = documentOf(plan);
      const mine = draft;
      const { data } = await api<PlanResponse>('GET', `/api/v1/plans/${plan.id}`);
      const result = reapplyChanges(base, mine, documentOf(data));
      setPlan(data);
      setDraft(result.document);
      setError(null);
      setConflict(null);
      const both =
        result.both.length > 0
          ? ` Version ${data.version} had changed ${partsText(result.both)} too: yours are on the page now.`
          : '';
      setMessage(
        result.mine.length === 0
          ? `Loaded version ${data.version}. You had no changes to put back.`
          : `Loaded version ${data.version} and put back your changes to ${partsText(result.mine)}.${both} Check them, then save.`,
      );
    });

  const transition: TransitionProps = {
    planId: plan.id,
    planVersion: plan.version,
    clientId: plan.clientId,
    draft,
    set,
    problemsFor,
    fillFromReferral: (referralId, startsAt) => void fillFromReferral(referralId, startsAt),
    onError: setError,
  };

  const updateGoal = (index: number, change: Partial<Goal>) =>
    set({ goals: draft.goals.map((goal, i) => (i === index ? { ...goal, ...change } : goal)) });

  return (
    <main id="main" class="plan">
      <p>
        <a href={`#/clients/${plan.clientId}`}>Back to the client</a>
      </p>
      <ClientIdentity client={client} screen="Discharge plan" />
      <h1>Discharge plan</h1>
      <PlanHeader plan={plan} />
      {locked ? (
        <p class="banner">This version is locked. Saving changes creates a new draft version (an amendment).</p>
      ) : null}
      {/* Always in the page, so screen readers announce what appears in it. */}
      <div role="status">{message ? <p class="banner">{message}</p> : null}</div>
      {conflict ? (
        <ConflictNotice error={conflict} me={me} busy={busy} onReapply={() => void reapply()} />
      ) : error instanceof ApiError && error.issues.length === 0 ? (
        <p class="error" role="alert">
          {error.message}
        </p>
      ) : null}
      <NewerAssessmentNotice plan={plan} draft={draft} busy={busy} onTake={() => void takeRecommendation()} />

      <FirstStep draft={draft} />
      <UrgentEvaluationEditor {...transition} />

      <section class="plan-section" aria-labelledby="p-setting">
        <h2 id="p-setting">Level of care</h2>
        <p>
          Recommended: <strong data-testid="plan-recommended">{SETTING_LABELS[draft.recommendedSetting]}</strong>
          {draft.recommendedWithRecoveryResidence ? ' with a recovery residence' : ''} (rule set {draft.ruleset.id}{' '}
          {draft.ruleset.version})
        </p>
        <details>
          <summary>Why (the basis, in the client's words)</summary>
          <ul>
            {draft.reasons.map((reason) => (
              <li key={reason.rule}>{reason.clientText}</li>
            ))}
          </ul>
        </details>
        <label class="field">
          <span>Selected setting</span>
          <select
            value={draft.selectedSetting}
            onChange={(e) => set({ selectedSetting: e.currentTarget.value as PlanDocument['selectedSetting'] })}
          >
            {SETTINGS.map((setting) => (
              <option key={setting} value={setting}>
                {SETTING_LABELS[setting]}
              </option>
            ))}
            {draft.recommendedSetting === 'urgent-evaluation' ? (
              <option value="urgent-evaluation">{SETTING_LABELS['urgent-evaluation']}</option>
            ) : null}
          </select>
        </label>
        <label class="choice-option">
          <input
            type="checkbox"
            checked={draft.selectedWithRecoveryResidence}
            onChange={(e) => set({ selectedWithRecoveryResidence: e.currentTarget.checked })}
          />
          <span>With a recovery residence (sober living)</span>
        </label>
        {differs ? (
          <VarianceFieldset
            legend="Why the selected setting differs (required)"
            labels={{ reason: 'Reason', other: 'Other reason', narrative: 'Narrative' }}
            value={draft.variance}
            onChange={(variance) => set({ variance })}
            problems={(field) => problemsFor(`variance.${field}`)}
            narrativeRows={3}
          />
        ) : null}
        <WithdrawalChoice {...transition} />
      </section>

      <section class="plan-section" aria-labelledby="p-goals">
        <h2 id="p-goals">Goals</h2>
        <GoalsMetSummary plan={plan} />
        {draft.goals.map((goal, index) => (
          <div key={goal.id} class="goal">
            <TextAreaField
              label={`Goal ${index + 1}`}
              value={goal.text}
              onChange={(text) => updateGoal(index, { text })}
              problems={problemsFor(`goals.${index}.text`)}
            />
            <TextAreaField
              label="How progress is measured"
              value={goal.measure}
              onChange={(measure) => updateGoal(index, { measure })}
              problems={problemsFor(`goals.${index}.measure`)}
            />
            <DateField
              label="Target date"
              value={goal.targetDate}
              onChange={(targetDate) => updateGoal(index, { targetDate })}
              problems={problemsFor(`goals.${index}.targetDate`)}
            />
            <RemoveButton onRemove={() => set({ goals: draft.goals.filter((_, i) => i !== index) })}>
              Remove goal {index + 1}
            </RemoveButton>
          </div>
        ))}
        <div class="toolbar">
          <label class="field grow">
            <span>Goal template</span>
            <select value={template} onChange={(e) => setTemplate(e.currentTarget.value as GoalTemplateId)}>
              {GOAL_TEMPLATE_IDS.map((id) => (
                <option key={id} value={id}>
                  {GOAL_TEMPLATES[id].words.en.label}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            class="button secondary"
            onClick={() => {
              const chosen = GOAL_TEMPLATES[template];
              set({
                goals: [
                  ...draft.goals,
                  {
                    id: newGoalId(),
                    template,
                    text: chosen.words.en.text,
                    measure: chosen.words.en.measure,
                    targetDate: local.inDays(chosen.targetDays),
                  },
                ],
              });
            }}
          >
            Add goal from template
          </button>
          <button
            type="button"
            class="button secondary"
            onClick={() =>
              set({
                goals: [...draft.goals, { id: newGoalId(), template: null, text: '', measure: '', targetDate: null }],
              })
            }
          >
            Add a blank goal
          </button>
        </div>
      </section>

      <section class="plan-section" aria-labelledby="p-care">
        <h2 id="p-care">Therapies and services</h2>
        <RecordListEditor
          legend="Therapies"
          items={draft.therapies}
          fields={[
            { key: 'name', label: 'Therapy' },
            { key: 'frequency', label: 'How often' },
            { key: 'provider', label: 'Who provides it' },
          ]}
          empty={{ name: '', frequency: '', provider: '' }}
          addLabel="Add a therapy"
          disabled={false}
          onChange={(therapies) => set({ therapies })}
        />
        <fieldset class="list-editor">
          <legend>Services</legend>
          {draft.services.map((service, index) => (
            <div key={index} class="goal">
              <label class="field">
                <span>Service</span>
                <select
                  value={service.kind}
                  onChange={(e) => {
                    const kind = e.currentTarget.value as (typeof SERVICE_KINDS)[number];
                    set({
                      services: draft.services.map((s, i) =>
                        i === index
                          ? {
                              ...s,
                              kind,
                              medicationFor: kind === 'medication' ? (s.medicationFor ?? 'opioid-use-disorder') : null,
                            }
                          : s,
                      ),
                    });
                  }}
                >
                  {SERVICE_KINDS.map((kind) => (
                    <option key={kind} value={kind}>
                      {SERVICE_KIND_LABELS[kind]}
                    </option>
                  ))}
                </select>
              </label>
              {service.kind === 'medication' ? (
                <label class="field">
                  <span>Medication for</span>
                  <select
                    value={service.medicationFor ?? 'other'}
                    onChange={(e) =>
                      set({
                        services: draft.services.map((s, i) =>
                          i === index
                            ? { ...s, medicationFor: e.currentTarget.value as (typeof MEDICATION_PURPOSES)[number] }
                            : s,
                        ),
                      })
                    }
                  >
                    {MEDICATION_PURPOSES.map((purpose) => (
                      <option key={purpose} value={purpose}>
                        {MEDICATION_PURPOSE_LABELS[purpose]}
                      </option>
                    ))}
                  </select>
                </label>
              ) : null}
              {(['details', 'provider', 'appointment'] as const).map((key) => (
                <label key={key} class="field">
                  <span>{key === 'details' ? 'Details' : key === 'provider' ? 'Provider' : 'First appointment'}</span>
                  <input
                    maxLength={key === 'details' ? 2000 : 200}
                    value={service[key]}
                    onInput={(e) =>
                      set({
                        services: draft.services.map((s, i) =>
                          i === index ? { ...s, [key]: e.currentTarget.value } : s,
                        ),
                      })
                    }
                  />
                </label>
              ))}
              <RemoveButton onRemove={() => set({ services: draft.services.filter((_, i) => i !== index) })}>
                Remove service
              </RemoveButton>
            </div>
          ))}
          <button
            type="button"
            class="button secondary"
            onClick={() =>
              set({
                services: [
                  ...draft.services,
                  { kind: 'family-counselling', medicationFor: null, details: '', provider: '', appointment: '' },
                ],
              })
            }
          >
            Add a service
          </button>
        </fieldset>
      </section>

      <MedicationsEditor {...transition} />
      <AppointmentsEditor {...transition} />

      <section class="plan-section" aria-labelledby="p-support">
        <h2 id="p-support">Support</h2>
        <RecordListEditor
          legend="Support groups"
          items={draft.supportGroups}
          fields={[
            { key: 'name', label: 'Group' },
            { key: 'when', label: 'When' },
            { key: 'where', label: 'Where' },
          ]}
          empty={{ name: '', when: '', where: '' }}
          addLabel="Add a support group"
          disabled={false}
          onChange={(supportGroups) => set({ supportGroups })}
        />
        <RecordListEditor
          legend="Sober contacts"
          items={draft.soberContacts}
          fields={[
            { key: 'name', label: 'Name' },
            { key: 'relationship', label: 'Relationship' },
            { key: 'phone', label: 'Phone', type: 'tel' },
          ]}
          empty={{ name: '', relationship: '', phone: '' }}
          addLabel="Add a sober contact"
          disabled={false}
          onChange={(soberContacts) => set({ soberContacts })}
        />
      </section>

      <section class="plan-section" aria-labelledby="p-relapse">
        <h2 id="p-relapse">Relapse-prevention plan</h2>
        <LineListEditor
          legend="Triggers"
          items={draft.relapsePrevention.triggers}
          addLabel="Add a trigger"
          disabled={false}
          onChange={(triggers) => set({ relapsePrevention: { ...draft.relapsePrevention, triggers } })}
        />
        <LineListEditor
          legend="Warning signs"
          items={draft.relapsePrevention.warningSigns}
          addLabel="Add a warning sign"
          disabled={false}
          onChange={(warningSigns) => set({ relapsePrevention: { ...draft.relapsePrevention, warningSigns } })}
        />
        <LineListEditor
          legend="Coping steps"
          items={draft.relapsePrevention.copingSteps}
          addLabel="Add a coping step"
          disabled={false}
          onChange={(copingSteps) => set({ relapsePrevention: { ...draft.relapsePrevention, copingSteps } })}
        />
        <RecordListEditor
          legend="People to call"
          items={draft.relapsePrevention.peopleToCall}
          fields={[
            { key: 'name', label: 'Name' },
            { key: 'phone', label: 'Phone', type: 'tel' },
          ]}
          empty={{ name: '', phone: '' }}
          addLabel="Add a person to call"
          disabled={false}
          onChange={(peopleToCall) => set({ relapsePrevention: { ...draft.relapsePrevention, peopleToCall } })}
        />
      </section>

      <SafetyPlanEditor {...transition} />

      <section class="plan-section locked" aria-labelledby="p-safety">
        <h2 id="p-safety">Safety (always part of the plan)</h2>
        <p class="muted">These four parts are in every plan and cannot be removed.</p>
        <ul>
          {SAFETY_TOPICS.map((topic) => (
            <li key={topic}>
              <strong>{SAFETY_TEXT.en[topic].title}</strong> {SAFETY_TEXT.en[topic].paragraphs.join(' ')}
            </li>
          ))}
        </ul>
        <FieldError messages={problemsFor('safety.topics')} />
        <label class="field">
          <span>Naloxone</span>
          <select
            value={draft.safety.naloxone}
            onChange={(e) =>
              set({
                safety: { ...draft.safety, naloxone: e.currentTarget.value as (typeof NALOXONE_STATUSES)[number] },
              })
            }
          >
            {NALOXONE_STATUSES.map((status) => (
              <option key={status} value={status}>
                {NALOXONE_STATUS_LABELS[status]}
              </option>
            ))}
          </select>
          <FieldError messages={problemsFor('safety.naloxone')} />
        </label>
        <label class="field">
          <span>Medication for opioid or alcohol use disorder</span>
          <select
            value={draft.safety.medication}
            onChange={(e) =>
              set({
                safety: {
                  ...draft.safety,
                  medication: e.currentTarget.value as (typeof MEDICATION_PLAN_STATUSES)[number],
                },
              })
            }
          >
            {MEDICATION_PLAN_STATUSES.map((status) => (
              <option key={status} value={status}>
                {MEDICATION_PLAN_STATUS_LABELS[status]}
              </option>
            ))}
          </select>
          <FieldError messages={problemsFor('safety.medication')} />
        </label>
        <TextAreaField
          label="Safety note for this client"
          value={draft.safety.note}
          onChange={(note) => set({ safety: { ...draft.safety, note } })}
        />
      </section>

      <section class="plan-section" aria-labelledby="p-reassess">
        <h2 id="p-reassess">Reassessment</h2>
        <DateField
          label="Reassess by (required)"
          value={draft.reassessBy}
          onChange={(reassessBy) => set({ reassessBy })}
          problems={problemsFor('reassessBy')}
        />
        <TextAreaField
          label="Clinician notes (never shown to the client)"
          rows={3}
          maxLength={10000}
          value={draft.notes}
          onChange={(notes) => set({ notes })}
        />
      </section>

      <div class="actions save-bar">
        <button type="button" class="button" disabled={busy || !dirty} onClick={() => void save()}>
          {locked ? 'Save as a new draft version' : 'Save'}
        </button>
        <span class="muted" data-testid="save-state">
          {dirty ? 'You have changes that are not saved yet.' : 'Everything on this page is saved.'}
        </span>
      </div>

      {!locked ? (
        <section class="plan-section" aria-labelledby="p-finalize">
          <h2 id="p-finalize">Finalise</h2>
          {problems.length > 0 ? (
            <>
              <p>Before finalising:</p>
              <ul data-testid="finalize-problems">
                {problems.map((problem) => (
                  <li key={`${problem.path}-${problem.message}`}>{plainProblem(problem)}</li>
                ))}
              </ul>
            </>
          ) : (
            <p>
              Ready to finalise.
              {dirty
                ? ' Your unsaved changes are saved first, as a new version, and that version is locked: exactly what is on this page.'
                : ' The version locked is exactly what is on this page.'}
            </p>
          )}
          {plan.newerAssessment ? (
            <label class="choice-option">
              <input
                type="checkbox"
                checked={confirmNewer}
                onChange={(e) => setConfirmNewer(e.currentTarget.checked)}
              />
              <span>
                I finalise this plan on the earlier assessment, knowing the client’s assessment was saved again and now
                recommends {SETTING_LABELS[plan.newerAssessment.recommendedSetting]}. This is recorded with the plan.
              </span>
            </label>
          ) : null}
          <label class="choice-option">
            <input type="checkbox" checked={attested} onChange={(e) => setAttested(e.currentTarget.checked)} />
            <span>{ATTESTATION_TEXT}</span>
          </label>
          <button
            type="button"
            class="button"
            disabled={busy || !attested || problems.length > 0 || (plan.newerAssessment !== null && !confirmNewer)}
            onClick={() => void finalize()}
          >
            {dirty ? `Save and finalise version ${plan.version + 1}` : `Finalise and sign version ${plan.version}`}
          </button>
        </section>
      ) : null}

      <PlanSharing plan={plan} onChanged={() => void load()} />
      <ProgramReferrals
        clientId={plan.clientId}
        setting={draft.selectedSetting}
        medications={medicationsToKeep(draft.medications)}
      />
    </main>
  );
}
