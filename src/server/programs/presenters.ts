/** Programs and referrals as the API shows them: one function per shape. */
import type { z } from 'zod';
import { trackHours } from '../../core/programs/hours.js';
import { SETTING_LABELS } from '../../core/programs/labels.js';
import type { MatchResult } from '../../core/programs/match.js';
import type { MatchLanguage } from '../../core/programs/match-wording.js';
import { provenanceLabel, type Program } from '../../core/programs/program.js';
import { nextReferralStatuses } from '../../core/programs/referral.js';
import { describeSlots } from '../../core/programs/schedule-fit.js';
import type { JurisdictionProfile } from '../../core/settings.js';
import type { ProgramChange } from '../../storage/program-changes.js';
import type { StoredProgram } from '../../storage/programs.js';
import type { ProgramView } from '../services/programs.js';
import type { Referral } from '../../storage/referrals.js';
import type {
  MatchResponse,
  ProgramHistoryResponse,
  ProgramResponse,
  ProgramSummaryResponse,
  ReferralResponse,
} from './schemas.js';

type Summary = z.infer<typeof ProgramSummaryResponse>;

/** A program in a list or a match; its source label in `language` (English unless asked). */
export function presentProgramSummary(
  program: Program,
  distanceMiles?: number,
  language: MatchLanguage = 'en',
): Summary {
  return {
    id: program.id,
    name: program.name,
    setting: program.setting,
    settingLabel: SETTING_LABELS[program.setting],
    city: program.location.city,
    state: program.location.state,
    ...(distanceMiles === undefined ? {} : { distanceMiles: Math.round(distanceMiles * 10) / 10 }),
    approximateLocation: program.location.approximate,
    telehealth: program.telehealth,
    acceptingNewClients: program.acceptingNewClients,
    provenance: { ...program.provenance, label: provenanceLabel(program.provenance, language) },
  };
}

export function presentProgram(
  stored: StoredProgram,
  profile: JurisdictionProfile,
  view: ProgramView,
): z.infer<typeof ProgramResponse> {
  const { program } = stored;
  const hours = trackHours(program, profile);
  return {
    id: program.id,
    name: program.name,
    setting: program.setting,
    settingLabel: SETTING_LABELS[program.setting],
    tracks: program.tracks.map((track, index) => {
      const checked = hours[index];
      return {
        name: track.name,
        slots: track.slots,
        minutesPerWeek: checked?.minutesPerWeek ?? 0,
        description: describeSlots(track.slots),
        ...(checked?.warning === undefined ? {} : { warning: checked.warning }),
      };
    }),
    typicalDurationWeeks: program.typicalDurationWeeks,
    therapies: program.therapies,
    services: program.services,
    coOccurring: program.coOccurring,
    populations: program.populations,
    languages: program.languages,
    payment: program.payment,
    telehealth: program.telehealth,
    location: program.location,
    contact: program.contact,
    acceptingNewClients: program.acceptingNewClients,
    provenance: { ...program.provenance, label: provenanceLabel(program.provenance) },
    editedByHand: stored.overridden,
    updatedAt: stored.updatedAt,
    ownedBy: view.ownedBy,
    editable: view.editable,
    note: view.note === null ? null : { text: view.note.text, updatedAt: view.note.updatedAt },
  };
}

/** A program's history as the caller may see it; users are named to their own clinic only. */
export function presentProgramHistory(
  changes: readonly ProgramChange[],
  viewerOrganizationId: string,
): z.infer<typeof ProgramHistoryResponse> {
  return {
    items: changes.map((change) => ({
      at: change.at,
      action: change.action,
      by:
        change.actorKind === 'system'
          ? { kind: 'operator' as const, organization: null, user: null }
          : {
              kind: 'clinic' as const,
              organization: change.organizationName,
              user: change.organizationId === viewerOrganizationId ? change.actorName : null,
            },
      before: change.before,
      after: change.after,
    })),
  };
}

/** A match, worded in the language its explanations were asked in. */
export function presentMatch(
  result: MatchResult,
  language: MatchLanguage,
): z.infer<typeof MatchResponse>['items'][number] {
  return {
    program: presentProgramSummary(result.program, result.distanceMiles ?? undefined, language),
    score: result.score,
    distanceMiles: result.distanceMiles,
    scheduleFit: result.scheduleFit,
    bestTrack: result.bestTrack,
    fit: result.fit,
    conflicts: result.conflicts,
    notes: result.notes,
  };
}

export function presentReferral(
  referral: Referral,
  program: Pick<Program, 'id' | 'name' | 'setting'>,
): z.infer<typeof ReferralResponse> {
  return {
    id: referral.id,
    clientId: referral.clientId,
    program: { id: program.id, name: program.name, setting: program.setting },
    status: referral.status,
    history: referral.history,
    nextStatuses: [...nextReferralStatuses(referral.status)],
    createdBy: referral.createdBy,
    createdAt: referral.createdAt,
    updatedAt: referral.updatedAt,
  };
}
