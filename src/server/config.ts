/**
 * Configuration from the environment (DESIGN.md 4.5), parsed once at start-up by a schema. A bad
 * value stops start-up with one line per problem; secrets never appear in messages.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { parseWith, type FieldIssue } from '../core/validation.js';
import { parseDatabaseUrl, type DatabaseLocation } from '../storage/database.js';
import {
  PRIVATE_FILE_MODE,
  PRIVATE_FOLDER_MODE,
  restrictMode,
  writeNewFileAtomically,
} from '../storage/private-files.js';
import { type CdsClient, CdsClientsError, loadCdsClients } from './cds/clients.js';
import { parseProxyTrust, type ProxyTrust } from './proxy-trust.js';
import { parsePublicUrl } from './public-url.js';
import type { SmtpSettings } from './reminders.js';
import { parseSmtpUrl } from './smtp-url.js';

export interface Config {
  port: number;
  host: string;
  database: DatabaseLocation;
  dataDir: string;
  secret: Buffer;
  secretSource: 'environment' | 'generated' | 'data-folder';
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  production: boolean;
  /** The reverse proxies believed about the client's address (STEPDOWN_TRUST_PROXY). */
  trustProxy: ProxyTrust;
  /** The address users and EHRs use (STEPDOWN_PUBLIC_URL); undefined: where the server listens. */
  publicUrl: URL | undefined;
  seedDemo: boolean;
  /** The built web front end; STEPDOWN_WEB_ROOT, or dist/web of this checkout. */
  webRoot: string;
  /** The EHRs allowed to call the CDS Hooks services, from the file STEPDOWN_CDS_CLIENTS names. */
  cdsClients: CdsClient[];
  /** Where check-in reminders are sent from (STEPDOWN_SMTP_URL); undefined: no reminders by email. */
  smtp: SmtpSettings | undefined;
  /** What was found and put right while loading (a data folder or secret open to others), to tell the operator. */
  warnings: string[];
}

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().optional(),
  STEPDOWN_DATA_DIR: z.string().min(1).default('./data'),
  STEPDOWN_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  STEPDOWN_TRUST_PROXY: z.string().default('false'),
  STEPDOWN_PUBLIC_URL: z.string().optional(),
  STEPDOWN_SEED_DEMO: z.enum(['true', 'false']).optional(),
  STEPDOWN_WEB_ROOT: z.string().min(1).optional(),
  STEPDOWN_CDS_CLIENTS: z.string().min(1).optional(),
  STEPDOWN_SMTP_URL: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().optional(),
});

export class ConfigError extends Error {
  constructor(readonly issues: FieldIssue[]) {
    super(`invalid configuration:\n${issues.map((issue) => `  ${issue.path}: ${issue.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** The fewest bytes a secret may have: an HMAC-SHA-256 key shorter than its output is weak. */
const SECRET_BYTES = 32;

/**
 * Reads the secret from the data folder, creating it once when absent: written whole or not at all
 * (temporary file, flushed, moved into place), mode 0600. A secret file that is empty or too short
 * (a disk that filled up while an older version wrote it, an operator's slip) stops start-up naming
 * it: running with a weak key, or silently replacing it, would both be worse.
 */
function dataFolderSecret(dataDir: string, warnings: string[]): { secret: Buffer; created: boolean } {
  const file = join(dataDir, 'secret');
  const refuse = (message: string) => new ConfigError([{ path: file, message }]);
  if (!existsSync(file)) {
    const secret = randomBytes(SECRET_BYTES);
    let created: boolean;
    try {
      mkdirSync(dataDir, { recursive: true, mode: PRIVATE_FOLDER_MODE });
      created = writeNewFileAtomically(file, `${secret.toString('base64url')}\n`);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      throw refuse(
        code === 'ENOSPC'
          ? 'could not be written: the disk is full. Nothing was written; free some space and start again'
          : `could not be written (${code}). Nothing was written`,
      );
    }
    if (created) return { secret, created: true };
  }
  const warning = restrictMode(file, PRIVATE_FILE_MODE);
  if (warning) warnings.push(warning);
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw refuse(`could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const recover =
    'restore it from a backup, or remove it to have a new one made (everyone signed in is then signed out)';
  if (text === '') throw refuse(`is empty; ${recover}`);
  const secret = Buffer.from(text, 'base64url');
  if (secret.length < SECRET_BYTES || !/^[A-Za-z0-9_-]+$/.test(text)) {
    throw refuse(`is too short or not a secret Stepdown wrote (${SECRET_BYTES} random bytes in base64url); ${recover}`);
  }
  return { secret, created: false };
}

/** Parses the environment into a Config; throws ConfigError listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = parseWith(EnvSchema, env);
  if (!parsed.ok) throw new ConfigError(parsed.issues);
  const values = parsed.value;
  const production = values.NODE_ENV === 'production';
  const issues: FieldIssue[] = [];
  const dataDir = resolve(values.STEPDOWN_DATA_DIR);
  const database = parseDatabaseUrl(values.DATABASE_URL, join(dataDir, 'stepdown.db'));
  if ('error' in database) issues.push({ path: 'DATABASE_URL', message: database.error });
  if (production && values.STEPDOWN_SECRET === undefined) {
    issues.push({ path: 'STEPDOWN_SECRET', message: 'required when NODE_ENV=production' });
  }
  if (production && values.STEPDOWN_SEED_DEMO === 'true') {
    issues.push({ path: 'STEPDOWN_SEED_DEMO', message: 'demo data is never seeded when NODE_ENV=production' });
  }
  const trustProxy = parseProxyTrust(values.STEPDOWN_TRUST_PROXY);
  if (!trustProxy.ok) issues.push({ path: 'STEPDOWN_TRUST_PROXY', message: trustProxy.message });
  let publicUrl: URL | undefined;
  if (values.STEPDOWN_PUBLIC_URL !== undefined && values.STEPDOWN_PUBLIC_URL.trim() !== '') {
    const parsedUrl = parsePublicUrl(values.STEPDOWN_PUBLIC_URL);
    if (parsedUrl.ok) publicUrl = parsedUrl.url;
    else issues.push({ path: 'STEPDOWN_PUBLIC_URL', message: parsedUrl.message });
  } else if (production) {
    issues.push({
      path: 'STEPDOWN_PUBLIC_URL',
      message:
        'required when NODE_ENV=production: the https address your users and EHRs open, for example https://stepdown.example.org',
    });
  }
  let cdsClients: CdsClient[] = [];
  if (values.STEPDOWN_CDS_CLIENTS !== undefined) {
    try {
      cdsClients = loadCdsClients(resolve(values.STEPDOWN_CDS_CLIENTS));
    } catch (error) {
      if (!(error instanceof CdsClientsError)) throw error;
      for (const issue of error.issues) {
        issues.push({ path: ['STEPDOWN_CDS_CLIENTS', issue.path].filter(Boolean).join(': '), message: issue.message });
      }
    }
  }
  let smtp: SmtpSettings | undefined;
  if (values.STEPDOWN_SMTP_URL !== undefined && values.STEPDOWN_SMTP_URL.trim() !== '') {
    const parsedSmtp = parseSmtpUrl(values.STEPDOWN_SMTP_URL, publicUrl);
    if (parsedSmtp.ok) smtp = parsedSmtp.settings;
    else issues.push({ path: 'STEPDOWN_SMTP_URL', message: parsedSmtp.message });
  }
  if (issues.length > 0) throw new ConfigError(issues);

  const warnings: string[] = [];
  // The data folder holds the database and the secret: its owner's alone.
  const folderWarning = restrictMode(dataDir, PRIVATE_FOLDER_MODE);
  if (folderWarning) warnings.push(folderWarning);
  let secret: Buffer;
  let secretSource: Config['secretSource'];
  if (values.STEPDOWN_SECRET !== undefined) {
    secret = Buffer.from(values.STEPDOWN_SECRET, 'utf8');
    secretSource = 'environment';
  } else {
    const fromFolder = dataFolderSecret(dataDir, warnings);
    secret = fromFolder.secret;
    secretSource = fromFolder.created ? 'generated' : 'data-folder';
  }
  return {
    port: values.PORT,
    host: values.HOST,
    database: database as DatabaseLocation,
    dataDir,
    secret,
    secretSource,
    logLevel: values.LOG_LEVEL,
    production,
    trustProxy: trustProxy.ok ? trustProxy.trust : false,
    publicUrl,
    seedDemo: !production && values.STEPDOWN_SEED_DEMO !== 'false',
    webRoot: resolve(values.STEPDOWN_WEB_ROOT ?? fileURLToPath(new URL('../../dist/web', import.meta.url))),
    cdsClients,
    smtp,
    warnings,
  };
}
