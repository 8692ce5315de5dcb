/**
 * The audit log reads newest first by when each event happened (`at`), then by the order written
 * (`seq`), so back-dated events (an import, the demo seed) take their place in time. These indexes
 * serve that order and its (at, seq) cursor without a sort: the whole organisation's log, and one
 * client's. The older (organization_id, seq) and (client_id, seq) indexes stay: the accounting of
 * disclosures and the per-client history still read in written order.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('audit_events_organization_at')
    .ifNotExists()
    .on('audit_events')
    .columns(['organization_id', 'at', 'seq'])
    .execute();
  await db.schema
    .createIndex('audit_events_client_at')
    .ifNotExists()
    .on('audit_events')
    .columns(['client_id', 'at', 'seq'])
    .execute();
}
