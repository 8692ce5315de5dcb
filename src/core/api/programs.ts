/**
 * Request and response shapes of the program directory routes. Request parts reuse the core
 * schemas (the same rules in the browser and on the server).
 */
import { z } from 'zod';
import {
  MAX_MATCH_LIMIT,
  MAX_RADIUS_MILES,
  MatchLanguageSchema,
  NeedsSchema,
  PointSchema,
} from '../programs/match-request.js';
import {
  AcceptingSchema,
  ContactSchema,
  LocationSchema,
  MOUD,
  PAYMENTS,
  POPULATIONS,
  PROGRAM_SETTINGS,
  ProvenanceSchema,
  ServicesSchema,
  TracksSchema,
} from '../programs/program.js';
import { DAYS, WeeklyTimeSchema } from '../schedule/weekly-time.js';

const zip = z.string().regex(/^\d{5}$/, 'must be a 5-digit ZIP code');
const radiusMiles = z.coerce.number().positive().max(MAX_RADIUS_MILES);

export const ProgramParams = z.strictObject({ id: z.uuid() });

export const ProgramListQuery = z
  .strictObject({
    setting: z.enum(PROGRAM_SETTINGS).optional(),
    zip: zip.optional(),
    lat: z.coerce.number().min(-90).max(90).optional(),
    lon: z.coerce.number().min(-180).max(180).optional(),
    radiusMiles: radiusMiles.default(25),
    limit: z.coerce.number().int().min(1).max(MAX_MATCH_LIMIT).default(20),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .superRefine((query, context) => {
    if ((query.lat === undefined) !== (query.lon === undefined)) {
      context.addIssue({
        code: 'custom',
        path: [query.lat === undefined ? 'lat' : 'lon'],
        message: 'give lat and lon together',
      });
    }
    if (query.zip !== undefined && query.lat !== undefined) {
      context.addIssue({ code: 'custom', path: ['zip'], message: 'give a ZIP code or lat and lon, not both' });
    }
  });

export const MatchBody = z
  .strictObject({
    availability: WeeklyTimeSchema.optional(),
    zip: zip.optional(),
    location: PointSchema.optional(),
    radiusMiles: z.number().positive().max(MAX_RADIUS_MILES),
    telehealthOk: z.boolean().optional(),
    setting: z.enum(PROGRAM_SETTINGS),
    needs: NeedsSchema.optional(),
    limit: z.int().min(1).max(MAX_MATCH_LIMIT).optional(),
    language: MatchLanguageSchema.optional(),
  })
  .superRefine((body, context) => {
    if ((body.zip === undefined) === (body.location === undefined)) {
      context.addIssue({
        code: 'custom',
        path: body.zip === undefined ? ['zip'] : ['location'],
        message: body.zip === undefined ? 'give a ZIP code or a location' : 'give a ZIP code or a location, not both',
      });
    }
  });

export const CalendarQuery = z.strictObject({
  track: z.string().trim().min(1).max(100).optional(),
  /** Free time as `mon.18:00-21:00,wed.18:00-21:00`: the calendar holds the track that fits it best. */
  free: z.string().max(2000).optional(),
  from: z.iso.date().optional(),
  weeks: z.coerce.number().int().min(1).max(104).optional(),
});

export const ProgramPatchBody = z
  .strictObject({
    name: z.string().trim().min(1).max(300).optional(),
    typicalDurationWeeks: z.int().min(1).max(104).nullable().optional(),
    therapies: z.array(z.string().trim().min(1).max(200)).max(100).optional(),
    services: ServicesSchema.partial().optional(),
    coOccurring: z.boolean().optional(),
    populations: z.array(z.enum(POPULATIONS)).max(POPULATIONS.length).optional(),
    languages: z.array(z.string().trim().min(1).max(100)).min(1).max(60).optional(),
    payment: z.array(z.enum(PAYMENTS)).max(PAYMENTS.length).optional(),
    telehealth: z.boolean().optional(),
    location: LocationSchema.partial().optional(),
    contact: ContactSchema.partial().optional(),
    acceptingNewClients: z
      .strictObject({ value: z.boolean().nullable(), confirmedAt: z.iso.date().nullable().optional() })
      .optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'name at least one field to change');

export const TracksBody = z.strictObject({ tracks: TracksSchema });

/** A program a clinic lists itself: a name and a setting, and whatever else it knows. */
export const NewProgramBody = z.strictObject({
  name: z.string().trim().min(1).max(300),
  setting: z.enum(PROGRAM_SETTINGS),
  typicalDurationWeeks: z.int().min(1).max(104).nullable().optional(),
  therapies: z.array(z.string().trim().min(1).max(200)).max(100).optional(),
  services: ServicesSchema.partial().optional(),
  coOccurring: z.boolean().optional(),
  populations: z.array(z.enum(POPULATIONS)).max(POPULATIONS.length).optional(),
  languages: z.array(z.string().trim().min(1).max(100)).min(1).max(60).optional(),
  payment: z.array(z.enum(PAYMENTS)).max(PAYMENTS.length).optional(),
  telehealth: z.boolean().optional(),
  location: LocationSchema.partial().optional(),
  contact: ContactSchema.partial().optional(),
  tracks: TracksSchema.optional(),
  acceptingNewClients: z
    .strictObject({ value: z.boolean().nullable(), confirmedAt: z.iso.date().nullable().optional() })
    .optional(),
});
export type NewProgramBody = z.infer<typeof NewProgramBody>;

/** A clinic's own note on a program; an empty text removes it. */
export const NoteBody = z.strictObject({ text: z.string().trim().max(2000) });
export type NoteBody = z.infer<typeof NoteBody>;

const NoteResponse = z.object({ text: z.string(), updatedAt: z.string() });
export const NoteResult = z.object({ note: NoteResponse.nullable() });
export type NoteResult = z.infer<typeof NoteResult>;

export const ProgramHistoryResponse = z.object({
  items: z.array(
    z.object({
      at: z.string(),
      action: z.enum(['create', 'update', 'tracks', 'note']),
      /** The operator (the command line), or the clinic whose user made the change. */
      by: z.object({
        kind: z.enum(['operator', 'clinic']),
        organization: z.string().nullable(),
        user: z.string().nullable(),
      }),
      before: z.record(z.string(), z.unknown()).nullable(),
      after: z.record(z.string(), z.unknown()),
    }),
  ),
});
export type ProgramHistoryResponse = z.infer<typeof ProgramHistoryResponse>;

const ProvenanceResponse = ProvenanceSchema.extend({ label: z.string() });

export const ProgramSummaryResponse = z.object({
  id: z.string(),
  name: z.string(),
  setting: z.enum(PROGRAM_SETTINGS),
  settingLabel: z.string(),
  city: z.string().nullable(),
  state: z.string().nullable(),
  distanceMiles: z.number().optional(),
  approximateLocation: z.boolean(),
  telehealth: z.boolean(),
  acceptingNewClients: AcceptingSchema,
  provenance: ProvenanceResponse,
});
export type ProgramSummaryResponse = z.infer<typeof ProgramSummaryResponse>;

export const ProgramListResponse = z.object({ total: z.number(), items: z.array(ProgramSummaryResponse) });

const TrackResponse = z.object({
  name: z.string(),
  slots: z.array(z.object({ day: z.enum(DAYS), start: z.string(), end: z.string() })),
  minutesPerWeek: z.number(),
  description: z.string(),
  warning: z.string().optional(),
});
export type ProgramListResponse = z.infer<typeof ProgramListResponse>;

export const ProgramResponse = z.object({
  id: z.string(),
  name: z.string(),
  setting: z.enum(PROGRAM_SETTINGS),
  settingLabel: z.string(),
  tracks: z.array(TrackResponse),
  typicalDurationWeeks: z.number().nullable(),
  therapies: z.array(z.string()),
  services: ServicesSchema,
  coOccurring: z.boolean(),
  populations: z.array(z.enum(POPULATIONS)),
  languages: z.array(z.string()),
  payment: z.array(z.enum(PAYMENTS)),
  telehealth: z.boolean(),
  location: LocationSchema,
  contact: ContactSchema,
  acceptingNewClients: AcceptingSchema,
  provenance: ProvenanceResponse,
  /** Fields an admin changed by hand, which a newer import will not overwrite. */
  editedByHand: z.array(z.string()),
  updatedAt: z.string(),
  /** The clinic that listed the program and alone changes it; null for the shared directory's programs. */
  ownedBy: z.string().nullable(),
  /** Whether the caller may change it (an admin of the clinic that owns it). */
  editable: z.boolean(),
  /** The caller's clinic's own note on it (signed in only; no other clinic sees it). */
  note: NoteResponse.nullable(),
});
export type ProgramResponse = z.infer<typeof ProgramResponse>;

export const MatchResponse = z.object({
  /** Where the person is; telehealth programs reach them from this state only. */
  place: z.object({ lat: z.number(), lon: z.number(), zip: z.string().nullable(), state: z.string().nullable() }),
  items: z.array(
    z.object({
      program: ProgramSummaryResponse,
      score: z.number(),
      distanceMiles: z.number().nullable(),
      scheduleFit: z.enum(['fits', 'partial', 'none', 'unknown', 'not-asked']),
      bestTrack: z.object({ name: z.string(), minutesPerWeek: z.number() }).nullable(),
      fit: z.array(z.string()),
      conflicts: z.array(z.string()),
      notes: z.array(z.string()),
      /** What a person needs to act on the match, worded in the request's language. */
      details: z.object({
        phone: z.string().nullable(),
        intakePhone: z.string().nullable(),
        website: z.string().nullable(),
        /** The street address on one line, or null when the listing has none. */
        address: z.string().nullable(),
        lat: z.number().nullable(),
        lon: z.number().nullable(),
        telehealth: z.boolean(),
        /** Medications for opioid use the program lets a person keep taking. */
        keepsMedications: z.array(z.enum(MOUD)),
        lines: z.array(z.string()),
      }),
    }),
  ),
  /**
   * Present when nothing fits: whether distance (a wider radius finds some, the nearest this far),
   * needs (the hard filters left every nearby program out), times (programs were found but none
   * meets in the free times given) or nothing at all nearby was the cause.
   */
  shortfall: z
    .object({
      cause: z.enum(['distance', 'needs', 'times', 'none']),
      nearestMiles: z.number().nullable(),
    })
    .nullable(),
});
export type MatchResponse = z.infer<typeof MatchResponse>;
