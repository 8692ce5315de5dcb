/**
 * Programs as FHIR R4: a HealthcareService per program (its sessions as `availableTime`, as
 * product-anchors 0.6 suggests), and a Location per facility, shared by its programs. Provenance
 * is stated in `comment` in the directory's own words, never as a verification.
 */
import type { CodeableConcept, ContactPoint, HealthcareService, Location, OperationOutcome } from 'fhir/r4.js';
import { PAYMENT_LABELS, POPULATION_LABELS, SETTING_LABELS, languageLabel } from '../../core/programs/labels.js';
import { provenanceLabel } from '../../core/programs/match-wording.js';
import type { Program } from '../../core/programs/program.js';
import type { StoredProgram } from '../../storage/programs.js';

/** Our own code system for settings: external level codes appear only as labels (DESIGN.md 2.7). */
export const SETTING_SYSTEM = 'urn:stepdown:program-setting';
const PROVISION_SYSTEM = 'http://terminology.hl7.org/CodeSystem/service-provision-conditions';

const SERVICE_TEXT: Readonly<Record<keyof Omit<Program['services'], 'moud'>, string>> = {
  familyCounselling: 'Family counselling',
  psychiatricCare: 'Psychiatric care',
  audMedication: 'Medication for alcohol use disorder',
  acceptsMoudFromElsewhere: 'Accepts people on medication for opioid use disorder prescribed elsewhere',
  caseManagement: 'Case management',
  vocationalHelp: 'Help with work or school',
  childCare: 'Child care',
  transportHelp: 'Help with transport',
  recoveryHousing: 'Sober home (recovery residence, transitional housing or halfway house)',
};

function text(value: string): CodeableConcept {
  return { text: value };
}

function telecom(program: Program): ContactPoint[] {
  const points: ContactPoint[] = [];
  if (program.contact.phone) points.push({ system: 'phone', value: program.contact.phone, use: 'work' });
  if (program.contact.intakePhone && program.contact.intakePhone !== program.contact.phone) {
    points.push({ system: 'phone', value: program.contact.intakePhone, use: 'work', rank: 2 });
  }
  if (program.contact.website) points.push({ system: 'url', value: program.contact.website });
  return points;
}

/** FHIR `time` has no 24:00; a session ending at midnight ends at the last second of the day. */
function fhirTime(time: string): string {
  return time === '24:00' ? '23:59:59' : `${time}:00`;
}

function characteristics(program: Program): CodeableConcept[] {
  const list = Object.entries(SERVICE_TEXT)
    .filter(([key]) => program.services[key as keyof typeof SERVICE_TEXT])
    .map(([, label]) => text(label));
  for (const medication of program.services.moud) list.push(text(`Provides ${medication}`));
  if (program.coOccurring) list.push(text('Treats mental health alongside substance use'));
  if (program.telehealth) list.push(text('Telehealth'));
  return [...list, ...program.therapies.map(text)];
}

function provisionCodes(program: Program): CodeableConcept[] {
  return program.payment.map((payment) => {
    const label = PAYMENT_LABELS[payment];
    if (payment === 'free')
      return { coding: [{ system: PROVISION_SYSTEM, code: 'free', display: 'Free' }], text: label };
    if (payment === 'sliding-scale') {
      return { coding: [{ system: PROVISION_SYSTEM, code: 'disc', display: 'Discounts Available' }], text: label };
    }
    return text(`Accepts ${label}`);
  });
}

/** A program as a FHIR R4 HealthcareService. */
export function healthcareServiceOf(stored: StoredProgram): HealthcareService {
  const { program } = stored;
  const resource: HealthcareService = {
    resourceType: 'HealthcareService',
    id: program.id,
    active: program.acceptingNewClients.value !== false,
    name: program.name,
    type: [
      {
        coding: [{ system: SETTING_SYSTEM, code: program.setting, display: SETTING_LABELS[program.setting] }],
        text: SETTING_LABELS[program.setting],
      },
    ],
    location: [{ reference: `Location/${stored.locationId}` }],
    comment: `${provenanceLabel(program.provenance)}; not verified by Stepdown. Call the program to confirm.`,
    availableTime: program.tracks.flatMap((track) =>
      track.slots.map((slot) => ({
        daysOfWeek: [slot.day],
        availableStartTime: fhirTime(slot.start),
        availableEndTime: fhirTime(slot.end),
      })),
    ),
    communication: program.languages.map((language) =>
      // "asl" is our tag for sign language in general, not a BCP 47 code.
      /^[a-z]{2,3}$/.test(language) && language !== 'asl'
        ? {
            coding: [{ system: 'urn:ietf:bcp:47', code: language, display: languageLabel(language) }],
            text: languageLabel(language),
          }
        : text(language),
    ),
    eligibility: program.populations.map((population) => ({ code: text(POPULATION_LABELS[population]) })),
    characteristic: characteristics(program),
    serviceProvisionCode: provisionCodes(program),
    telecom: telecom(program),
  };
  if (program.tracks.length > 0) resource.program = program.tracks.map((track) => text(track.name));
  if (program.acceptingNewClients.value === false) {
    resource.availabilityExceptions = `Not taking new clients (confirmed ${program.acceptingNewClients.confirmedAt ?? 'date unknown'}).`;
  }
  for (const key of [
    'availableTime',
    'communication',
    'eligibility',
    'characteristic',
    'serviceProvisionCode',
    'telecom',
  ] as const) {
    if (resource[key]?.length === 0) delete resource[key];
  }
  return resource;
}

/** The facility of a set of programs (same location id) as a FHIR R4 Location. */
export function locationOf(locationId: string, programs: readonly StoredProgram[]): Location | undefined {
  const first = programs[0]?.program;
  if (!first) return undefined;
  const { location } = first;
  const line = [location.street1, location.street2].filter((part): part is string => Boolean(part));
  const resource: Location = {
    resourceType: 'Location',
    id: locationId,
    status: 'active',
    // Program names are "Facility — Site"; the facility's name is what they share.
    name: first.name,
    mode: 'instance',
    address: {
      use: 'work',
      type: 'physical',
      ...(line.length > 0 ? { line } : {}),
      ...(location.city ? { city: location.city } : {}),
      ...(location.state ? { state: location.state } : {}),
      ...(location.zip ? { postalCode: location.zip } : {}),
      country: 'US',
    },
    telecom: telecom(first),
  };
  if (location.lat !== null && location.lon !== null) {
    resource.position = { latitude: location.lat, longitude: location.lon };
    if (location.approximate) resource.description = 'The position is the centre of the ZIP code, not the address.';
  }
  if (resource.telecom?.length === 0) delete resource.telecom;
  return resource;
}

/** A FHIR error: FHIR clients read OperationOutcome, not problem details. */
export function operationOutcome(code: 'not-found' | 'invalid', diagnostics: string): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] };
}
