/**
 * A treatment program in the directory: one facility's offer in one setting, with its session
 * tracks in the weekly-time shape of DESIGN.md 4.6. Facts imported from SAMHSA and facts an admin
 * keeps by hand (tracks, accepting new clients) live side by side; provenance says where the listing
 * came from and when, and is never worded as a verification.
 */
import { z } from 'zod';
import { type Slot, SlotSchema, minutesOf } from '../schedule/weekly-time.js';

/** Settings a program can offer: the placement settings plus withdrawal management. */
export const PROGRAM_SETTINGS = ['op', 'iop', 'php', 'residential', 'inpatient', 'withdrawal-management'] as const;
export type ProgramSetting = (typeof PROGRAM_SETTINGS)[number];

/** Medications for opioid use disorder, the ones whose continuity a referral must protect. */
export const MOUD = ['buprenorphine', 'methadone', 'naltrexone'] as const;
export type Moud = (typeof MOUD)[number];

export const PAYMENTS = [
  'medicaid',
  'medicare',
  'private-insurance',
  'self-pay',
  'sliding-scale',
  'payment-assistance',
  'free',
  'military-insurance',
  'state-insurance',
  'government-funding',
  'ihs-tribal',
] as const;
export type Payment = (typeof PAYMENTS)[number];

export const POPULATIONS = [
  'adults',
  'adolescents',
  'young-adults',
  'seniors',
  'women',
  'men',
  'pregnant-postpartum',
  'lgbtq',
  'veterans',
  'active-duty-military',
  'military-families',
  'criminal-justice',
  'hiv',
  'trauma',
  'domestic-violence',
  'sexual-abuse',
] as const;
export type ProgramPopulation = (typeof POPULATIONS)[number];

/** Where a listing came from; `clinic`: a clinic listed it itself (its name is the provenance's `file`). */
export const PROVENANCE_SOURCES = [
  'samhsa-directory',
  'samhsa-locator',
  'stepdown',
  'stepdown-demo',
  'clinic',
] as const;
export type ProvenanceSource = (typeof PROVENANCE_SOURCES)[number];

const MAX_TRACKS = 12;
const MAX_SLOTS_PER_TRACK = 21;

function overlappingSlot(slots: readonly Slot[]): number | undefined {
  for (let i = 0; i < slots.length; i++) {
    const a = slots[i] as Slot;
    for (let j = 0; j < i; j++) {
      const b = slots[j] as Slot;
      if (a.day === b.day && minutesOf(a.start) < minutesOf(b.end) && minutesOf(b.start) < minutesOf(a.end)) {
        return i;
      }
    }
  }
  return undefined;
}

/** A session track: a named weekly pattern of sessions ("Evening track", Mon/Wed/Thu 18:00-21:00). */
export const TrackSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    slots: z.array(SlotSchema).min(1).max(MAX_SLOTS_PER_TRACK),
  })
  .superRefine((track, context) => {
    // Overlapping sessions of one track would count the same minutes twice in its hours.
    const index = overlappingSlot(track.slots);
    if (index !== undefined) {
      context.addIssue({ code: 'custom', path: ['slots', index], message: 'overlaps another session of this track' });
    }
  });
export type Track = z.infer<typeof TrackSchema>;

export const TracksSchema = z
  .array(TrackSchema)
  .max(MAX_TRACKS)
  .superRefine((tracks, context) => {
    const seen = new Set<string>();
    tracks.forEach((track, index) => {
      const key = track.name.toLowerCase();
      if (seen.has(key))
        context.addIssue({ code: 'custom', path: [index, 'name'], message: 'two tracks have this name' });
      seen.add(key);
    });
  });

export const ServicesSchema = z.strictObject({
  familyCounselling: z.boolean(),
  psychiatricCare: z.boolean(),
  /** Medications for opioid use disorder the program prescribes or dispenses itself. */
  moud: z.array(z.enum(MOUD)).max(MOUD.length),
  audMedication: z.boolean(),
  /** Takes people whose MOUD is prescribed elsewhere (SAMHSA code MOA). */
  acceptsMoudFromElsewhere: z.boolean(),
  caseManagement: z.boolean(),
  vocationalHelp: z.boolean(),
  childCare: z.boolean(),
  transportHelp: z.boolean(),
  /**
   * The facility also offers transitional housing, a halfway house or a sober home (SAMHSA code HH):
   * a recovery residence to live in beside its outpatient care. Absent in listings stored before it
   * was read, which counts as not known to offer one.
   */
  recoveryHousing: z.boolean().optional(),
});
export type ProgramServices = z.infer<typeof ServicesSchema>;

export const LocationSchema = z.strictObject({
  street1: z.string().max(200).nullable(),
  street2: z.string().max(200).nullable(),
  city: z.string().max(100).nullable(),
  state: z.string().max(2).nullable(),
  zip: z
    .string()
    .regex(/^\d{5}$/, 'must be a 5-digit ZIP code')
    .nullable(),
  lat: z.number().min(-90).max(90).nullable(),
  lon: z.number().min(-180).max(180).nullable(),
  /** True when the coordinates are the ZIP code's centre, not the address. */
  approximate: z.boolean(),
});
export type ProgramLocation = z.infer<typeof LocationSchema>;

export const ProvenanceSchema = z.strictObject({
  source: z.enum(PROVENANCE_SOURCES),
  /** The file the listing was read from (its name only). */
  file: z.string().min(1).max(300),
  /** The edition: a year (`2023`) or the date of an export (`2025-08-19`). */
  edition: z.string().regex(/^\d{4}(-\d{2}-\d{2})?$/, 'must be a year (2023) or a date (2025-08-19)'),
});
export type Provenance = z.infer<typeof ProvenanceSchema>;

export const AcceptingSchema = z.strictObject({
  /** null when nobody has confirmed either way. */
  value: z.boolean().nullable(),
  confirmedAt: z.iso.date().nullable(),
});
export type AcceptingNewClients = z.infer<typeof AcceptingSchema>;

export const ContactSchema = z.strictObject({
  phone: z.string().max(40).nullable(),
  intakePhone: z.string().max(40).nullable(),
  website: z.string().max(500).nullable(),
});

/** A program as the directory stores and serves it. */
export const ProgramSchema = z.strictObject({
  id: z.uuid(),
  name: z.string().trim().min(1).max(300),
  setting: z.enum(PROGRAM_SETTINGS),
  tracks: TracksSchema,
  typicalDurationWeeks: z.int().min(1).max(104).nullable(),
  therapies: z.array(z.string().min(1).max(200)).max(100),
  services: ServicesSchema,
  coOccurring: z.boolean(),
  populations: z.array(z.enum(POPULATIONS)).max(POPULATIONS.length),
  /** Language tags (`en`, `es`, `asl`, ...) or, for a language without one, its name. */
  languages: z.array(z.string().min(1).max(100)).max(60),
  payment: z.array(z.enum(PAYMENTS)).max(PAYMENTS.length),
  telehealth: z.boolean(),
  location: LocationSchema,
  contact: ContactSchema,
  acceptingNewClients: AcceptingSchema,
  provenance: ProvenanceSchema,
});
export type Program = z.infer<typeof ProgramSchema>;

/** Services with no facts: the starting point for a listing that says nothing about them. */
export const NO_SERVICES: ProgramServices = {
  familyCounselling: false,
  psychiatricCare: false,
  moud: [],
  audMedication: false,
  acceptsMoudFromElsewhere: false,
  caseManagement: false,
  vocationalHelp: false,
  childCare: false,
  transportHelp: false,
};

/** Minutes of sessions a week in a track (the unit of calculation; hours are for display only). */
export function trackMinutes(track: Pick<Track, 'slots'>): number {
  return track.slots.reduce((sum, slot) => sum + minutesOf(slot.end) - minutesOf(slot.start), 0);
}
