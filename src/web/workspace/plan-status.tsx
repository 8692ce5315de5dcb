/**
 * What the plan editor says about the plan as a whole: which version this is and whether the client
 * acknowledged it (per version: a draft is never "acknowledged"), a newer assessment of the client
 * with the offer to take its recommendation, and a save refused because someone saved first, with
 * who it was (you, in another tab, or a colleague) and the way to put your changes back on top.
 */
import type { UserResponse } from '../../core/api/auth.js';
import type { PlanResponse } from '../../core/api/plans.js';
import type { PlanDocument } from '../../core/plans/plan-schema.js';
import { SETTING_LABELS } from '../../core/plans/vocabulary.js';
import type { ApiError } from './api.js';

/** A date and time as the person reads it. */
export function when(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** A day as the person reads it. */
export function day(iso: string): string {
  return new Date(iso).toLocaleDateString(undefined, { dateStyle: 'medium' });
}

function latestAcknowledgement(plan: PlanResponse, version: number | null): string | null {
  const times = plan.acknowledgements.filter((ack) => ack.version === version).map((ack) => ack.acknowledgedAt);
  return times.length === 0 ? null : (times.sort().at(-1) ?? null);
}

/** The client's acknowledgement, for this version only: a draft has none of its own. */
export function acknowledgementText(plan: PlanResponse): string {
  if (plan.status === 'final') {
    const at = latestAcknowledgement(plan, plan.version);
    return at ? `Client acknowledged this version on ${day(at)}` : 'Not yet acknowledged by the client';
  }
  const final = plan.latestFinalVersion;
  if (final === null) return 'Not finalised yet: the client acknowledges a finalised version';
  const at = latestAcknowledgement(plan, final);
  return at
    ? `Amends finalised version ${final}, which the client acknowledged on ${day(at)}; this draft is not acknowledged`
    : `Amends finalised version ${final}, not yet acknowledged by the client`;
}

export function PlanHeader(props: { plan: PlanResponse }) {
  const { plan } = props;
  const final = plan.status === 'final';
  return (
    <p data-testid="plan-header">
      Version {plan.version} ·{' '}
      <span class="status">{final ? `Final (signed ${plan.finalizedAt ? day(plan.finalizedAt) : ''})` : 'Draft'}</span>{' '}
      · <span data-testid="plan-acknowledgement">{acknowledgementText(plan)}</span>
      {plan.confirmedNewerAssessment ? (
        <>
          {' '}
          · Finalised on an earlier assessment: the clinician confirmed knowing of version{' '}
          {plan.confirmedNewerAssessment.version} of the client’s assessment
        </>
      ) : null}
    </p>
  );
}

/** The recommendation the plan follows and the one of the client's newer assessment, side by side. */
export function NewerAssessmentNotice(props: {
  plan: PlanResponse;
  draft: PlanDocument;
  busy: boolean;
  onTake: () => void;
}) {
  const newer = props.plan.newerAssessment;
  if (!newer) return null;
  const differs =
    newer.recommendedSetting !== props.draft.recommendedSetting ||
    newer.recommendedWithRecoveryResidence !== props.draft.recommendedWithRecoveryResidence;
  const setting = `${SETTING_LABELS[newer.recommendedSetting]}${newer.recommendedWithRecoveryResidence ? ' with a recovery residence' : ''}`;
  return (
    <section class="banner warn" aria-labelledby="newer-assessment" data-testid="newer-assessment">
      <h2 id="newer-assessment">The client has a newer assessment</h2>
      <p>
        This plan follows the recommendation of an earlier assessment ({SETTING_LABELS[props.draft.recommendedSetting]}
        ). The client’s assessment was saved again on {when(newer.createdAt)} and now recommends{' '}
        <strong>{setting}</strong>
        {differs ? '.' : ', the same setting; its reasons may differ.'}
      </p>
      <p>
        Taking the new recommendation keeps everything else in the plan as it is. If the selected setting then differs
        from the recommendation, the plan asks for a reason before it can be finalised.
      </p>
      <button type="button" class="button" disabled={props.busy} onClick={props.onTake}>
        Take the new recommendation
      </button>
    </section>
  );
}

/** Who saved first, in words: "you" when it was the same person in another tab. */
export function savedFirstText(error: ApiError, me: UserResponse | null): string {
  const { savedBy, savedAt, currentVersion } = error.extensions;
  const version = currentVersion === undefined ? 'a newer version' : `version ${currentVersion}`;
  const at = savedAt ? ` on ${when(savedAt)}` : '';
  if (savedBy && me && savedBy.id === me.id) {
    return `You saved ${version} of this plan${at} in another tab or window, after this page was opened.`;
  }
  if (savedBy?.displayName)
    return `${savedBy.displayName} saved ${version} of this plan${at}, after this page was opened.`;
  return `Someone else saved ${version} of this plan${at}, after this page was opened.`;
}

export function ConflictNotice(props: {
  error: ApiError;
  me: UserResponse | null;
  busy: boolean;
  onReapply: () => void;
}) {
  return (
    <section class="banner warn" aria-labelledby="saved-first">
      <h2 id="saved-first">Not saved: this plan changed since you opened it</h2>
      <p role="alert">{savedFirstText(props.error, props.me)} Your changes are still on this page.</p>
      <button type="button" class="button" disabled={props.busy} onClick={props.onReapply}>
        Reload and re-apply my changes
      </button>
    </section>
  );
}

/** The parts of a plan in words, for "your changes to … were put back". */
const PART_NAMES: Partial<Record<keyof PlanDocument, string>> = {
  selectedSetting: 'the selected setting',
  selectedWithRecoveryResidence: 'the recovery residence',
  variance: 'the reason for the difference',
  goals: 'goals',
  therapies: 'therapies',
  services: 'services',
  supportGroups: 'support groups',
  soberContacts: 'sober contacts',
  relapsePrevention: 'the relapse-prevention plan',
  safety: 'safety',
  reassessBy: 'the reassessment date',
  notes: 'clinician notes',
  selectedWithdrawalManagement: 'the withdrawal management',
  withdrawalVariance: 'the reason for the withdrawal management',
  urgentEvaluation: 'the urgent evaluation',
  medications: 'medications',
  dischargeDate: 'the discharge date',
  appointments: 'appointments',
  noAppointmentReason: 'the reason there is no appointment',
  safetyPlan: 'the safety plan',
};

export function partsText(parts: ReadonlyArray<keyof PlanDocument>): string {
  const names = parts.map((part) => PART_NAMES[part] ?? String(part));
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
