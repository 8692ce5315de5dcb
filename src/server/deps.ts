import type { InstrumentRegistry } from '../core/measures/index.js';
import type { CompiledRuleSet } from '../core/ruleset.js';
import type { DatabaseHandle } from '../storage/database.js';
import type { CdsClient } from './cds/clients.js';
import type { ProxyTrust } from './proxy-trust.js';
import type { SmtpSettings } from './reminders.js';

/** What the routes need, passed in (no module state): database, rule set, secret and clock. */
export interface ServerDeps {
  database: DatabaseHandle;
  ruleset: CompiledRuleSet;
  secret: Buffer;
  clock: () => Date;
  /** Verified for unknown emails at sign-in, so they cost the same time as known ones. */
  decoyHash: Promise<string>;
  /** The reverse proxies believed about the client's address (decision 8). */
  trustProxy: ProxyTrust;
  /**
   * The address users and EHRs use: CSRF origin, Secure cookies, links and the CDS audience come
   * from it. Undefined: where the server listens (development).
   */
  publicUrl?: URL | undefined;
  /** How often expired sessions and ended rate-limit windows are removed; 10 minutes when absent. */
  sweepIntervalMs?: number | undefined;
  /** The built web front end (dist/web); when absent, / explains how to build it. */
  webRoot?: string | undefined;
  /** The EHRs allowed to call the CDS Hooks services (STEPDOWN_CDS_CLIENTS); none when absent. */
  cdsClients?: readonly CdsClient[] | undefined;
  /** The instruments offered; the shipped ones (content/instruments) when absent. */
  instruments?: InstrumentRegistry | undefined;
  /** Where check-in reminders are sent from (STEPDOWN_SMTP_URL); none are sent when absent. */
  smtp?: SmtpSettings | undefined;
  /** How often reminders are looked for and sent; 5 minutes when absent. */
  reminderIntervalMs?: number | undefined;
}
