/**
 * A program as people write one in a Stepdown programs JSON file: the program schema with sensible
 * defaults, so a file need only say what it knows. Without an id, the id is made from the name,
 * address and setting, so importing the file again updates rather than duplicates.
 */
import { z } from 'zod';
import {
  AcceptingSchema,
  ContactSchema,
  LocationSchema,
  NO_SERVICES,
  PAYMENTS,
  POPULATIONS,
  PROGRAM_SETTINGS,
  ProvenanceSchema,
  ServicesSchema,
  TracksSchema,
  type Program,
} from './program.js';
import { normalizeKeyPart, stableId } from './stable-id.js';

export const ProgramInputSchema = z.strictObject({
  id: z.uuid().optional(),
  name: z.string().trim().min(1).max(300),
  setting: z.enum(PROGRAM_SETTINGS),
  tracks: TracksSchema.default([]),
  typicalDurationWeeks: z.int().min(1).max(104).nullable().default(null),
  therapies: z.array(z.string().min(1).max(200)).max(100).default([]),
  services: ServicesSchema.partial().default({}),
  coOccurring: z.boolean().default(false),
  populations: z.array(z.enum(POPULATIONS)).max(POPULATIONS.length).default([]),
  languages: z.array(z.string().min(1).max(100)).max(60).default(['en']),
  payment: z.array(z.enum(PAYMENTS)).max(PAYMENTS.length).default([]),
  telehealth: z.boolean().default(false),
  location: LocationSchema.partial().default({}),
  contact: ContactSchema.partial().default({}),
  acceptingNewClients: AcceptingSchema.default({ value: null, confirmedAt: null }),
  provenance: ProvenanceSchema.optional(),
});
export type ProgramInput = z.output<typeof ProgramInputSchema>;

/** The facility key of a program from our own file: its normalised name and address. */
export function inputFacilityKey(input: ProgramInput): string {
  const location = input.location;
  return [input.name, location.street1, location.city, location.state, location.zip]
    .map((part) => normalizeKeyPart(part ?? ''))
    .join('|');
}

/** Completes a parsed input into a program; `provenance` applies when the input has none. */
export function programFromInput(input: ProgramInput, provenance: Program['provenance']): Program {
  const key = inputFacilityKey(input);
  return {
    id: input.id ?? stableId('stepdown', key, input.setting),
    name: input.name,
    setting: input.setting,
    tracks: input.tracks,
    typicalDurationWeeks: input.typicalDurationWeeks,
    therapies: input.therapies,
    services: { ...NO_SERVICES, ...input.services },
    coOccurring: input.coOccurring,
    populations: input.populations,
    languages: input.languages,
    payment: input.payment,
    telehealth: input.telehealth,
    location: {
      street1: input.location.street1 ?? null,
      street2: input.location.street2 ?? null,
      city: input.location.city ?? null,
      state: input.location.state ?? null,
      zip: input.location.zip ?? null,
      lat: input.location.lat ?? null,
      lon: input.location.lon ?? null,
      approximate: input.location.approximate ?? false,
    },
    contact: {
      phone: input.contact.phone ?? null,
      intakePhone: input.contact.intakePhone ?? null,
      website: input.contact.website ?? null,
    },
    acceptingNewClients: input.acceptingNewClients,
    provenance: input.provenance ?? provenance,
  };
}
