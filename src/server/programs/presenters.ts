/** Programs and referrals as the API shows them: one function per shape. */
import { trackHours } from '../../core/programs/hours.js';
import { languageLabel, SETTING_LABELS } from '../../core/programs/labels.js';
import type { MatchResult } from '../../core/programs/match.js';
import { list, MATCH_WORDING, type MatchLanguage, provenanceLabel } from '../../core/programs/match-wording.js';
import { MOUD, type Program } from '../../core/programs/program.js';
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
} from '../../core/api/programs.js';
import type { ReferralResponse } from '../../core/api/referrals.js';

type Summary = ProgramSummaryResponse;

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
): ProgramResponse {
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
): ProgramHistoryResponse {
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
export function presentMatch(result: MatchResult, language: MatchLanguage): MatchResponse['items'][number] {
  return {
    program: presentProgramSummary(result.program, result.distanceMiles ?? undefined, language),
    score: result.score,
    distanceMiles: result.distanceMiles,
    scheduleFit: result.scheduleFit,
    bestTrack: result.bestTrack,
    fit: result.fit,
    conflicts: result.conflicts,
    notes: result.notes,
    details: matchDetails(result.program, language),
  };
}

/** Phone, address, website and what the listing says about medicine, payment and languages. */
export function matchDetails(program: Program, language: MatchLanguage): MatchResponse['items'][number]['details'] {
  const wording = MATCH_WORDING[language];
  const { details } = wording;
  const { location, contact, services } = program;
  const keeps = services.acceptsMoudFromElsewhere ? [...MOUD] : MOUD.filter((moud) => services.moud.includes(moud));
  const street = [location.street1, location.street2].filter(Boolean).join(', ');
  const place = [location.city, [location.state, location.zip].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const lines: string[] = [];
  if (program.telehealth) lines.push(details.telehealth);
  if (keeps.length > 0) {
    lines.push(
      details.keepsMedication(
        list(
          keeps.map((moud) => wording.medications[moud]),
          details.or,
        ),
      ),
    );
  }
  if (services.audMedication) lines.push(details.alcoholMedication);
  if (keeps.length === 0 && !services.audMedication) lines.push(details.medicationNotListed);
  if (services.recoveryHousing === true) lines.push(details.soberHome);
  lines.push(
    program.payment.length > 0
      ? details.payment(
          list(
            program.payment.map((payment) => wording.payments[payment]),
            details.and,
          ),
        )
      : details.paymentNotListed,
  );
  if (program.languages.length > 0) {
    lines.push(
      details.languages(
        list(
          program.languages.map((tag) => languageLabel(tag, language)),
          details.and,
        ),
      ),
    );
  }
  return {
    phone: contact.phone,
    intakePhone: contact.intakePhone,
    website: contact.website,
    address: street === '' && place === '' ? null : [street, place].filter(Boolean).join(', '),
    lat: location.approximate ? null : location.lat,
    lon: location.approximate ? null : location.lon,
    telehealth: program.telehealth,
    keepsMedications: keeps,
    lines,
  };
}

export function presentReferral(
  referral: Referral,
  program: Pick<Program, 'id' | 'name' | 'setting'>,
): ReferralResponse {
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
