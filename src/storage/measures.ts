/**
 * Measures and the safety alerts they raise. A measure is written once and never changed; an alert
 * changes only when a clinician acknowledges it, once, with a note.
 */
import { randomUUID } from 'node:crypto';
import type { Executor } from './executor.js';
import type { MeasureAlertsTable, MeasuresTable } from './schema.js';

export interface MeasureAlertRecord {
  id: string;
  measureId: string;
  clientId: string;
  kind: 'safety';
  item: number;
  linkId: string;
  reason: string;
  raisedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  note: string | null;
}

export interface MeasureRecord {
  id: string;
  organizationId: string;
  clientId: string;
  instrumentId: string;
  instrumentVersion: string;
  answers: Array<number | null>;
  total: number | null;
  severity: string | null;
  scores: Record<string, number>;
  sex: 'female' | 'male' | null;
  takenAt: string;
  via: 'clinician' | 'check-in';
  enteredBy: string | null;
  createdAt: string;
  alerts: MeasureAlertRecord[];
}

export interface NewMeasure {
  organizationId: string;
  clientId: string;
  instrumentId: string;
  instrumentVersion: string;
  answers: ReadonlyArray<number | null>;
  total: number | null;
  severity: string | null;
  scores: Readonly<Record<string, number>>;
  sex: 'female' | 'male' | null;
  takenAt: string;
  via: 'clinician' | 'check-in';
  enteredBy: string | null;
  now: string;
  alerts: ReadonlyArray<{ kind: 'safety'; item: number; linkId: string; reason: string }>;
}

function toAlert(row: MeasureAlertsTable): MeasureAlertRecord {
  return {
    id: row.id,
    measureId: row.measure_id,
    clientId: row.client_id,
    kind: row.kind,
    item: row.item,
    linkId: row.link_id,
    reason: row.reason,
    raisedAt: row.raised_at,
    acknowledgedAt: row.acknowledged_at,
    acknowledgedBy: row.acknowledged_by,
    note: row.note,
  };
}

function toMeasure(row: MeasuresTable, alerts: MeasureAlertRecord[]): MeasureRecord {
  return {
    id: row.id,
    organizationId: row.organization_id,
    clientId: row.client_id,
    instrumentId: row.instrument_id,
    instrumentVersion: row.instrument_version,
    answers: JSON.parse(row.answers) as Array<number | null>,
    // PostgreSQL gives integers back as numbers; kept explicit for both.
    total: row.total === null ? null : Number(row.total),
    severity: row.severity,
    scores: JSON.parse(row.scores) as Record<string, number>,
    sex: row.sex,
    takenAt: row.taken_at,
    via: row.via,
    enteredBy: row.entered_by,
    createdAt: row.created_at,
    alerts,
  };
}

/** A new, open alert on a result. */
function openAlertRow(
  on: { organizationId: string; clientId: string; measureId: string },
  alert: { kind: 'safety'; item: number; linkId: string; reason: string },
  now: string,
): MeasureAlertsTable {
  return {
    id: randomUUID(),
    organization_id: on.organizationId,
    client_id: on.clientId,
    measure_id: on.measureId,
    kind: alert.kind,
    item: alert.item,
    link_id: alert.linkId,
    reason: alert.reason,
    raised_at: now,
    acknowledged_at: null,
    acknowledged_by: null,
    note: null,
  };
}

/** Saves a measure and its alerts. Call inside a transaction. */
export async function insertMeasure(db: Executor, input: NewMeasure): Promise<MeasureRecord> {
  const row: MeasuresTable = {
    id: randomUUID(),
    organization_id: input.organizationId,
    client_id: input.clientId,
    instrument_id: input.instrumentId,
    instrument_version: input.instrumentVersion,
    answers: JSON.stringify(input.answers),
    total: input.total,
    severity: input.severity,
    scores: JSON.stringify(input.scores),
    sex: input.sex,
    taken_at: input.takenAt,
    via: input.via,
    entered_by: input.enteredBy,
    created_at: input.now,
  };
  await db.insertInto('measures').values(row).execute();
  await db
    .insertInto('measure_latest')
    .values({
      organization_id: row.organization_id,
      client_id: row.client_id,
      instrument_id: row.instrument_id,
      last_taken_at: row.taken_at,
    })
    .onConflict((oc) =>
      oc
        .columns(['organization_id', 'client_id', 'instrument_id'])
        .doUpdateSet({ last_taken_at: (eb) => eb.ref('excluded.last_taken_at') })
        .where('measure_latest.last_taken_at', '<', (eb) => eb.ref('excluded.last_taken_at')),
    )
    .execute();
  const alertRows = input.alerts.map((alert) =>
    openAlertRow(
      { organizationId: input.organizationId, clientId: input.clientId, measureId: row.id },
      alert,
      input.now,
    ),
  );
  if (alertRows.length > 0) await db.insertInto('measure_alerts').values(alertRows).execute();
  return toMeasure(row, alertRows.map(toAlert));
}

async function alertsOf(db: Executor, measureIds: readonly string[]): Promise<Map<string, MeasureAlertRecord[]>> {
  const byMeasure = new Map<string, MeasureAlertRecord[]>();
  // In slices: PostgreSQL and SQLite both cap the parameters of one statement.
  for (let start = 0; start < measureIds.length; start += 500) {
    const slice = measureIds.slice(start, start + 500);
    const rows = await db
      .selectFrom('measure_alerts')
      .selectAll()
      .where('measure_id', 'in', slice)
      .orderBy('item')
      .orderBy('id')
      .execute();
    for (const row of rows) byMeasure.set(row.measure_id, [...(byMeasure.get(row.measure_id) ?? []), toAlert(row)]);
  }
  return byMeasure;
}

/**
 * A client's measures, newest first (by when taken, then when entered), each with its alerts
 * (left empty with `withAlerts: false`, for a reader that does not need them: one query fewer).
 */
export async function listMeasuresOfClient(
  db: Executor,
  organizationId: string,
  clientId: string,
  filter: { instrumentId?: string | undefined; withAlerts?: boolean } = {},
): Promise<MeasureRecord[]> {
  let select = db
    .selectFrom('measures')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('client_id', '=', clientId);
  if (filter.instrumentId !== undefined) select = select.where('instrument_id', '=', filter.instrumentId);
  const rows = await select.orderBy('taken_at', 'desc').orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  if (filter.withAlerts === false) return rows.map((row) => toMeasure(row, []));
  const alerts = await alertsOf(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toMeasure(row, alerts.get(row.id) ?? []));
}

/** One measure of the organisation, or undefined. */
export async function getMeasure(db: Executor, organizationId: string, id: string): Promise<MeasureRecord | undefined> {
  const row = await db
    .selectFrom('measures')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  return toMeasure(row, (await alertsOf(db, [row.id])).get(row.id) ?? []);
}

/**
 * The first total of each instrument for a client (the earliest taken), which change is measured
 * against; instruments without a total are left out.
 */
export async function firstTotalsOfClient(
  db: Executor,
  organizationId: string,
  clientId: string,
): Promise<Map<string, { measureId: string; total: number; takenAt: string }>> {
  const rows = await db
    .selectFrom('measures')
    .select(['id', 'instrument_id', 'total', 'taken_at'])
    .where('organization_id', '=', organizationId)
    .where('client_id', '=', clientId)
    .where('total', 'is not', null)
    .orderBy('taken_at')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const first = new Map<string, { measureId: string; total: number; takenAt: string }>();
  for (const row of rows) {
    if (!first.has(row.instrument_id) && row.total !== null) {
      first.set(row.instrument_id, { measureId: row.id, total: Number(row.total), takenAt: row.taken_at });
    }
  }
  return first;
}

/** Every measure of an organisation in the order entered, for the organisation export. */
export async function listMeasuresOfOrganization(db: Executor, organizationId: string): Promise<MeasureRecord[]> {
  const rows = await db
    .selectFrom('measures')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const alerts = await alertsOf(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toMeasure(row, alerts.get(row.id) ?? []));
}

/** Alerts of an organisation, open ones only unless told otherwise, newest first. */
export async function listMeasureAlerts(
  db: Executor,
  organizationId: string,
  filter: { open?: boolean; clientId?: string | undefined } = {},
): Promise<MeasureAlertRecord[]> {
  let select = db.selectFrom('measure_alerts').selectAll().where('organization_id', '=', organizationId);
  if (filter.open !== false) select = select.where('acknowledged_at', 'is', null);
  if (filter.clientId !== undefined) select = select.where('client_id', '=', filter.clientId);
  const rows = await select.orderBy('raised_at', 'desc').orderBy('id').execute();
  return rows.map(toAlert);
}

/**
 * Acknowledges an open alert with a note. Undefined when the organisation has no such alert;
 * `already` when someone acknowledged it first (the first note stands).
 */
export async function acknowledgeMeasureAlert(
  db: Executor,
  organizationId: string,
  alertId: string,
  input: { userId: string; note: string; now: string },
): Promise<{ alert: MeasureAlertRecord; already: boolean } | undefined> {
  const updated = await db
    .updateTable('measure_alerts')
    .set({ acknowledged_at: input.now, acknowledged_by: input.userId, note: input.note })
    .where('organization_id', '=', organizationId)
    .where('id', '=', alertId)
    .where('acknowledged_at', 'is', null)
    .executeTakeFirst();
  const row = await db
    .selectFrom('measure_alerts')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', alertId)
    .executeTakeFirst();
  if (!row) return undefined;
  return { alert: toAlert(row), already: Number(updated.numUpdatedRows) === 0 };
}

/**
 * Raises a safety alert on the client's latest result of an instrument, for one of its items, unless
 * that result already has an alert on that item: how a safety signal read from the history (not
 * from one answer) joins the open alerts. True when one was raised. Call inside a transaction.
 */
export async function raiseAlertOnLatest(
  db: Executor,
  input: {
    organizationId: string;
    clientId: string;
    instrumentId: string;
    item: number;
    linkId: string;
    reason: string;
    now: string;
  },
): Promise<boolean> {
  const latest = await db
    .selectFrom('measures')
    .select('id')
    .where('organization_id', '=', input.organizationId)
    .where('client_id', '=', input.clientId)
    .where('instrument_id', '=', input.instrumentId)
    .orderBy('taken_at', 'desc')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!latest) return false;
  const existing = await db
    .selectFrom('measure_alerts')
    .select('id')
    .where('measure_id', '=', latest.id)
    .where('link_id', '=', input.linkId)
    .executeTakeFirst();
  if (existing) return false;
  await db
    .insertInto('measure_alerts')
    .values(
      openAlertRow(
        { organizationId: input.organizationId, clientId: input.clientId, measureId: latest.id },
        { kind: 'safety', item: input.item, linkId: input.linkId, reason: input.reason },
        input.now,
      ),
    )
    .execute();
  return true;
}
