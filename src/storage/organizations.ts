/** Organisations (clinics): every user and client belongs to exactly one. */
import { randomUUID } from 'node:crypto';
import { organizationNameKey } from '../core/organization-name.js';
import { systemTimeZone } from '../core/time-zone.js';
import type { Executor } from './executor.js';
import type { Organization } from './records.js';
import type { OrganizationsTable } from './schema.js';

function toOrganization(row: OrganizationsTable): Organization {
  return {
    id: row.id,
    name: row.name,
    phone: row.phone,
    email: row.email,
    address: row.address,
    createdAt: row.created_at,
    timeZone: row.time_zone ?? systemTimeZone(),
  };
}

export async function insertOrganization(
  db: Executor,
  input: {
    name: string;
    phone?: string | null;
    email?: string | null;
    address?: string | null;
    timeZone?: string | null;
    now: string;
  },
): Promise<Organization> {
  const row: OrganizationsTable = {
    id: randomUUID(),
    name: input.name,
    phone: input.phone ?? null,
    email: input.email ?? null,
    address: input.address ?? null,
    created_at: input.now,
    name_key: organizationNameKey(input.name),
    time_zone: input.timeZone ?? null,
  };
  await db.insertInto('organizations').values(row).execute();
  return toOrganization(row);
}

/**
 * The organisation with this name (compared in its normalised form), added first when there is
 * none. Starts with the insert, so on SQLite the transaction takes the write lock before it reads
 * anything (a transaction that reads first and another process commits meanwhile can no longer
 * write), and two callers adding the same name both end up with the one organisation.
 */
export async function ensureOrganization(
  db: Executor,
  input: { name: string; now: string },
): Promise<{ organization: Organization; created: boolean }> {
  const id = randomUUID();
  const key = organizationNameKey(input.name);
  await db
    .insertInto('organizations')
    .values({
      id,
      name: input.name,
      phone: null,
      email: null,
      address: null,
      created_at: input.now,
      name_key: key,
      time_zone: null,
    })
    .onConflict((conflict) => conflict.column('name_key').doNothing())
    .execute();
  const row = await db.selectFrom('organizations').selectAll().where('name_key', '=', key).executeTakeFirstOrThrow();
  return { organization: toOrganization(row), created: row.id === id };
}

/** The organisation whose name is `name` in its normalised form (any case, spacing or width). */
export async function findOrganizationByName(db: Executor, name: string): Promise<Organization | undefined> {
  const row = await db
    .selectFrom('organizations')
    .selectAll()
    .where('name_key', '=', organizationNameKey(name))
    .executeTakeFirst();
  return row ? toOrganization(row) : undefined;
}

export async function getOrganization(db: Executor, id: string): Promise<Organization | undefined> {
  const row = await db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toOrganization(row) : undefined;
}

export async function countOrganizations(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('organizations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface OrganizationPatch {
  name?: string;
  phone?: string | null;
  email?: string | null;
  address?: string | null;
  timeZone?: string;
}

/** Changes the named fields of an organisation; returns it, or undefined when there is none. */
export async function updateOrganization(
  db: Executor,
  id: string,
  patch: OrganizationPatch,
): Promise<Organization | undefined> {
  const set = {
    ...(patch.name === undefined ? {} : { name: patch.name, name_key: organizationNameKey(patch.name) }),
    ...(patch.phone === undefined ? {} : { phone: patch.phone }),
    ...(patch.email === undefined ? {} : { email: patch.email }),
    ...(patch.address === undefined ? {} : { address: patch.address }),
    ...(patch.timeZone === undefined ? {} : { time_zone: patch.timeZone }),
  };
  if (Object.keys(set).length > 0) await db.updateTable('organizations').set(set).where('id', '=', id).execute();
  return getOrganization(db, id);
}
