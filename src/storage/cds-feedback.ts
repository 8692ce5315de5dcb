/**
 * CDS Hooks feedback: what clinicians did with Stepdown's cards in their EHR. Rows hold the EHR, the
 * card, the outcome and our variance reason; never a patient identifier or free text.
 */
import { randomUUID } from 'node:crypto';
import type { Executor } from './executor.js';
import type { CdsFeedbackTable } from './schema.js';

export interface NewCdsFeedback {
  receivedAt: string;
  organizationId: string | null;
  issuer: string;
  cardId: string;
  outcome: 'accepted' | 'overridden';
  reasonCode: string | null;
  outcomeAt: string;
}

export async function insertCdsFeedback(db: Executor, entries: readonly NewCdsFeedback[]): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto('cds_feedback')
    .values(
      entries.map((entry) => ({
        id: randomUUID(),
        received_at: entry.receivedAt,
        organization_id: entry.organizationId,
        issuer: entry.issuer,
        card_id: entry.cardId,
        outcome: entry.outcome,
        reason_code: entry.reasonCode,
        outcome_at: entry.outcomeAt,
      })),
    )
    .execute();
}

export interface CdsFeedbackSummary {
  accepted: number;
  overridden: number;
  /** Overrides by variance reason; an override sent without a reason counts under `null`. */
  reasons: Array<{ code: string | null; count: number }>;
}

/** An organisation's feedback received since `since` (an ISO time), counted by outcome and reason. */
export async function summarizeCdsFeedback(
  db: Executor,
  organizationId: string,
  since: string,
): Promise<CdsFeedbackSummary> {
  const rows = await db
    .selectFrom('cds_feedback')
    .select(['outcome', 'reason_code', (eb) => eb.fn.countAll<number | string | bigint>().as('count')])
    .where('organization_id', '=', organizationId)
    .where('received_at', '>=', since)
    .groupBy(['outcome', 'reason_code'])
    .orderBy('outcome')
    .orderBy('reason_code')
    .execute();
  const summary: CdsFeedbackSummary = { accepted: 0, overridden: 0, reasons: [] };
  for (const row of rows) {
    // PostgreSQL counts as bigint, which pg hands over as a string.
    const count = Number(row.count);
    summary[row.outcome] += count;
    if (row.outcome === 'overridden') summary.reasons.push({ code: row.reason_code, count });
  }
  return summary;
}

export interface CdsFeedback extends NewCdsFeedback {
  id: string;
}

/** An organisation's feedback in the order it arrived, a page at a time (`after` is the last id of the previous page). */
export async function listCdsFeedback(
  db: Executor,
  organizationId: string,
  page: { limit: number; after?: CdsFeedback | undefined },
): Promise<CdsFeedback[]> {
  let select = db.selectFrom('cds_feedback').selectAll().where('organization_id', '=', organizationId);
  const after = page.after;
  if (after) {
    select = select.where((eb) =>
      eb.or([
        eb('received_at', '>', after.receivedAt),
        eb.and([eb('received_at', '=', after.receivedAt), eb('id', '>', after.id)]),
      ]),
    );
  }
  const rows = await select.orderBy('received_at').orderBy('id').limit(page.limit).execute();
  return rows.map((row: CdsFeedbackTable) => ({
    id: row.id,
    receivedAt: row.received_at,
    organizationId: row.organization_id,
    issuer: row.issuer,
    cardId: row.card_id,
    outcome: row.outcome,
    reasonCode: row.reason_code,
    outcomeAt: row.outcome_at,
  }));
}
