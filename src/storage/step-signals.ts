/**
 * Step signals as kept (migration 0022): what the signal rules raised for a client, and how each
 * was closed. Evaluation hands over the step signals that hold now and `syncStepSignals` raises the
 * new ones and clears those that stopped; a clinician acts on one with a note, or a new assessment
 * marks the client's open ones reassessed. A row that was handled or cleared never opens again.
 */
import { randomUUID } from 'node:crypto';
import type { Executor } from './executor.js';
import type { StepSignalsTable } from './schema.js';

export type StepSignalKind = 'step-up' | 'step-down';
/** open: not handled yet; acted-on: a note; reassessed: a new assessment; cleared: stopped before anyone acted. */
export type StepSignalState = 'open' | 'acted-on' | 'reassessed' | 'cleared';

export interface StepSignalBasis {
  fact: string;
  value: number | boolean;
  meaning: string;
}

export interface StepSignalRecord {
  id: string;
  organizationId: string;
  clientId: string;
  rule: string;
  kind: StepSignalKind;
  urgency: string;
  ruleset: { id: string; version: string; hash: string };
  text: string;
  basis: StepSignalBasis[];
  raisedAt: string;
  state: StepSignalState;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  note: string | null;
  reassessedAt: string | null;
  reassessmentId: string | null;
  /** When its rule stopped holding (a handled signal is cleared too, later); null while it holds. */
  clearedAt: string | null;
}

/** A step signal as evaluation raises it. */
export interface RaisedStepSignal {
  rule: string;
  kind: StepSignalKind;
  urgency: string;
  text: string;
  basis: readonly StepSignalBasis[];
}

function stateOf(row: StepSignalsTable): StepSignalState {
  if (row.acknowledged_at !== null) return 'acted-on';
  if (row.reassessed_at !== null) return 'reassessed';
  if (row.cleared_at !== null) return 'cleared';
  return 'open';
}

function toStepSignal(row: StepSignalsTable): StepSignalRecord {
  return {
    id: row.id,
    organizationId: row.organization_id,
    clientId: row.client_id,
    rule: row.rule_id,
    kind: row.kind,
    urgency: row.urgency,
    ruleset: { id: row.ruleset_id, version: row.ruleset_version, hash: row.ruleset_hash },
    text: row.text,
    basis: JSON.parse(row.basis) as StepSignalBasis[],
    raisedAt: row.raised_at,
    state: stateOf(row),
    acknowledgedAt: row.acknowledged_at,
    acknowledgedBy: row.acknowledged_by,
    note: row.note,
    reassessedAt: row.reassessed_at,
    reassessmentId: row.reassessment_id,
    clearedAt: row.cleared_at,
  };
}

/** A client's step signals whose rule still holds (open or handled), oldest raised first. */
export async function listLiveStepSignals(
  db: Executor,
  organizationId: string,
  clientId: string,
): Promise<StepSignalRecord[]> {
  const rows = await db
    .selectFrom('step_signals')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('client_id', '=', clientId)
    .where('cleared_at', 'is', null)
    .orderBy('raised_at')
    .orderBy('id')
    .execute();
  return rows.map(toStepSignal);
}

/** Every step signal of a client, newest raised first. */
export async function listStepSignalsOfClient(
  db: Executor,
  organizationId: string,
  clientId: string,
): Promise<StepSignalRecord[]> {
  const rows = await db
    .selectFrom('step_signals')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('client_id', '=', clientId)
    .orderBy('raised_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(toStepSignal);
}

/**
 * Brings a client's kept step signals in line with an evaluation at `now`: each raised signal
 * without a live row is raised (kept with its basis as evaluated), and each live row whose rule no
 * longer holds is cleared. Returns the live rows after. Call inside the transaction that wrote
 * what was evaluated. A concurrent raise of the same rule is ignored (the unique index keeps one).
 */
export async function syncStepSignals(
  db: Executor,
  input: {
    organizationId: string;
    clientId: string;
    ruleset: { id: string; version: string; hash: string };
    raised: readonly RaisedStepSignal[];
    now: string;
  },
): Promise<StepSignalRecord[]> {
  const live = await listLiveStepSignals(db, input.organizationId, input.clientId);
  const liveRules = new Set(live.map((row) => row.rule));
  const holding = new Set(input.raised.map((signal) => signal.rule));
  const gone = live.filter((row) => !holding.has(row.rule)).map((row) => row.id);
  const fresh: StepSignalsTable[] = input.raised
    .filter((signal) => !liveRules.has(signal.rule))
    .map((signal) => ({
      id: randomUUID(),
      organization_id: input.organizationId,
      client_id: input.clientId,
      rule_id: signal.rule,
      kind: signal.kind,
      urgency: signal.urgency,
      ruleset_id: input.ruleset.id,
      ruleset_version: input.ruleset.version,
      ruleset_hash: input.ruleset.hash,
      text: signal.text,
      basis: JSON.stringify(signal.basis),
      raised_at: input.now,
      acknowledged_at: null,
      acknowledged_by: null,
      note: null,
      reassessed_at: null,
      reassessment_id: null,
      cleared_at: null,
    }));
  if (gone.length === 0 && fresh.length === 0) return live;
  if (gone.length > 0) {
    await db
      .updateTable('step_signals')
      .set({ cleared_at: input.now })
      .where('organization_id', '=', input.organizationId)
      .where('id', 'in', gone)
      .where('cleared_at', 'is', null)
      .execute();
  }
  if (fresh.length > 0) {
    await db
      .insertInto('step_signals')
      .values(fresh)
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  return listLiveStepSignals(db, input.organizationId, input.clientId);
}

/**
 * Marks a step signal acted on with a note. Undefined when the organisation has no such signal;
 * `already` when it was handled or cleared first (what closed it stands).
 */
export async function acknowledgeStepSignal(
  db: Executor,
  organizationId: string,
  id: string,
  input: { userId: string; note: string; now: string },
): Promise<{ signal: StepSignalRecord; already: boolean } | undefined> {
  const updated = await db
    .updateTable('step_signals')
    .set({ acknowledged_at: input.now, acknowledged_by: input.userId, note: input.note })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .where('acknowledged_at', 'is', null)
    .where('reassessed_at', 'is', null)
    .where('cleared_at', 'is', null)
    .executeTakeFirst();
  const row = await db
    .selectFrom('step_signals')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  return { signal: toStepSignal(row), already: Number(updated.numUpdatedRows) === 0 };
}

/** Marks a client's open step signals reassessed by a new assessment; returns how many. */
export async function markStepSignalsReassessed(
  db: Executor,
  organizationId: string,
  clientId: string,
  input: { assessmentId: string; now: string },
): Promise<number> {
  const updated = await db
    .updateTable('step_signals')
    .set({ reassessed_at: input.now, reassessment_id: input.assessmentId })
    .where('organization_id', '=', organizationId)
    .where('client_id', '=', clientId)
    .where('acknowledged_at', 'is', null)
    .where('reassessed_at', 'is', null)
    .where('cleared_at', 'is', null)
    .where('raised_at', '<=', input.now)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows);
}

/** The step signals of an organisation raised in [from, to), as the outcomes count them. */
export async function listStepSignalsRaisedIn(
  db: Executor,
  organizationId: string,
  window: { from: string; to: string },
): Promise<
  Array<{
    clientId: string;
    kind: StepSignalKind;
    raisedAt: string;
    actedOnAt: string | null;
    clearedAt: string | null;
  }>
> {
  const rows = await db
    .selectFrom('step_signals')
    .select(['client_id', 'kind', 'raised_at', 'acknowledged_at', 'reassessed_at', 'cleared_at'])
    .where('organization_id', '=', organizationId)
    .where('raised_at', '>=', window.from)
    .where('raised_at', '<', window.to)
    .execute();
  return rows.map((row) => ({
    clientId: row.client_id,
    kind: row.kind,
    raisedAt: row.raised_at,
    actedOnAt: row.acknowledged_at ?? row.reassessed_at,
    clearedAt: row.cleared_at,
  }));
}
