/** `stepdown serve`, `stepdown migrate` and `stepdown users create`. */
import { fstatSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import type { AuditAction } from '../core/audit-actions.js';
import { formatDateTime } from '../core/time-zone.js';
import { parseWith } from '../core/validation.js';
import { passwordProblem } from '../server/auth/password-policy.js';
import { hashPassword } from '../server/auth/passwords.js';
import { CdsClientsError } from '../server/cds/clients.js';
import { ConfigError, loadConfig, type Config } from '../server/config.js';
import { configuredPublicAddress, localPublicAddress } from '../server/public-url.js';
import { makeSetPasswordLink, setPasswordLinkPath } from '../server/services/users.js';
import { newShareCode } from '../server/share-codes.js';
import { startServer } from '../server/start.js';
import { insertAuditEvents } from '../storage/audit.js';
import { openDatabase } from '../storage/database.js';
import { DatabaseTooNewError, migrateToLatest, migrationStatus } from '../storage/migrate.js';
import { organizationNameKey } from '../core/organization-name.js';
import { ensureOrganization, findOrganizationByName } from '../storage/organizations.js';
import { EmailInUseError, insertUser } from '../storage/users.js';
import { InputError } from './errors.js';
import type { Io } from './recommend.js';

export const SERVE_HELP = `stepdown serve: run the web app and API (what npm start runs)

Usage:
  stepdown serve

Configured by environment variables (a bad value stops start-up with exit 2, naming it):
  PORT                  Port to listen on (3000).
  HOST                  Address to listen on (127.0.0.1).
  DATABASE_URL          Unset: SQLite ./data/stepdown.db; sqlite:PATH; postgres://...
  STEPDOWN_DATA_DIR     Folder for the SQLite database and the generated secret (./data).
  STEPDOWN_SECRET       At least 32 characters; required when NODE_ENV=production.
  STEPDOWN_PUBLIC_URL   The one address your users and EHRs open, such as
                        https://stepdown.example.org (no path). Browser writes must come from
                        it (CSRF origin check), cookies are Secure when it is https, and share
                        links, FHIR links and the audience of CDS tokens are built from it, never
                        from the Host header. Required when NODE_ENV=production. Unset in
                        development: the address the server listens on (http://127.0.0.1:PORT),
                        also reached as localhost or [::1] on the same machine.
  STEPDOWN_TRUST_PROXY  Which reverse proxies to believe about the client's address:
                        false (the default: nothing in front), the number of proxies in front
                        (for example 1), or their addresses and CIDR ranges, comma-separated
                        (for example 127.0.0.1,::1 or 10.0.0.0/8,fd00::/8). The client is the
                        right-most X-Forwarded-For entry that is not a trusted proxy; sign-in and
                        share-page limits and the audit log use it. "true" is refused: it would
                        let any client choose its own address. Prefer addresses to a number:
                        with a number, a client that reaches the server without the proxy can
                        still choose its address.
  STEPDOWN_CDS_CLIENTS  A file listing the EHRs that may call the CDS service.
  STEPDOWN_SMTP_URL     Where check-in reminders are emailed from: smtp:// or smtps://, with the
                        user and password when the server needs them and the sender as ?from=
                        (for example smtps://USER:PASSWORD@mail.example.org:465/?from=
                        reminders@example.org). Unset: no reminders by email. A reminder goes to
                        a client with an email address when a check-in is due: the clinic's
                        name and a fresh link, nothing about their health.
  STEPDOWN_SEED_DEMO    false: do not seed the demo clinic into an empty database (never seeded
                        when NODE_ENV=production).
  LOG_LEVEL             fatal, error, warn, info (the default), debug, trace or silent.

The README's "Configuration" section shows nginx and Caddy set-ups that work as written.
`;

function config(): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new InputError([
        'Stepdown cannot start: the configuration is invalid.',
        ...error.issues.map((i) => `  ${i.path}: ${i.message}`),
      ]);
    }
    throw error;
  }
}

function options(args: string[], spec: NonNullable<ParseArgsConfig['options']>) {
  try {
    return parseArgs({ args, options: spec, allowPositionals: false, strict: true }).values;
  } catch (error) {
    throw new InputError([(error as Error).message]);
  }
}

export async function serve(args: string[], io: Io): Promise<number> {
  options(args, {});
  const settings = config();
  // Listen for the stop signals before starting: a supervisor may send one as soon as it reads the
  // "running" line, and without a handler that signal would kill the process instead of closing it.
  let stopRequested: () => void = () => undefined;
  const stopSignal = new Promise<void>((resolve) => {
    stopRequested = resolve;
  });
  process.once('SIGINT', () => stopRequested());
  process.once('SIGTERM', () => stopRequested());
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer(settings, (line) => io.stdout.write(`${line}\n`));
  } catch (error) {
    if (error instanceof DatabaseTooNewError) throw new InputError([error.message]);
    if (error instanceof CdsClientsError) {
      throw new InputError([
        'Stepdown cannot start: the configuration is invalid.',
        ...error.issues.map((issue) => `  STEPDOWN_CDS_CLIENTS: ${issue.path}: ${issue.message}`),
      ]);
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new InputError([`PORT: ${settings.port} is already in use; set PORT to a free port`]);
    if (code === 'EACCES') throw new InputError([`PORT: not allowed to listen on ${settings.port}`]);
    throw error;
  }
  await stopSignal;
  io.stdout.write('Stopping Stepdown...\n');
  await server.close().catch(() => undefined);
  return 0;
}

export async function migrate(args: string[], io: Io): Promise<number> {
  const values = options(args, { status: { type: 'boolean' } });
  const settings = config();
  const database = openDatabase(settings.database);
  try {
    if (values.status) {
      const status = await migrationStatus(database);
      io.stdout.write(
        `${database.describe}\napplied: ${status.applied.join(', ') || 'none'}\npending: ${status.pending.join(', ') || 'none'}\n`,
      );
      if (status.unknown.length > 0) throw new DatabaseTooNewError(status.unknown);
      return 0;
    }
    const applied = await migrateToLatest(database);
    io.stdout.write(
      applied.length > 0
        ? `Applied ${applied.join(', ')} to ${database.describe}\n`
        : `${database.describe} is up to date\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof DatabaseTooNewError) throw new InputError([error.message]);
    throw error;
  } finally {
    await database.close();
  }
}

const UserArgs = z.strictObject({
  org: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .refine((name) => organizationNameKey(name) !== '', 'must hold a visible character'),
  'new-org': z.boolean().optional(),
  'existing-org': z.boolean().optional(),
  email: z.email().max(254),
  role: z.enum(['admin', 'clinician']),
  name: z.string().trim().min(1).max(200).optional(),
  'set-password-link': z.boolean().optional(),
});

/**
 * Whether standard input is a file with something in it (`... < password.txt`): a password given
 * alongside --set-password-link. A pipe or a terminal is never read for this: one nobody closes
 * (a command run over ssh) would leave the command waiting.
 */
function passwordFileOnStdin(io: Io): boolean {
  const fd = (io.stdin as { fd?: unknown }).fd;
  if (typeof fd !== 'number') return false;
  try {
    const stat = fstatSync(fd);
    return stat.isFile() && stat.size > 0;
  } catch {
    return false;
  }
}

/** Where links point: STEPDOWN_PUBLIC_URL, or, as the server does without it, the address it listens on. */
function publicOrigin(settings: Config): string {
  if (settings.publicUrl) return configuredPublicAddress(settings.publicUrl).origin;
  const family = settings.host.includes(':') ? 'IPv6' : 'IPv4';
  return localPublicAddress({ address: settings.host, port: settings.port, family }).origin;
}

async function readPassword(io: Io): Promise<string> {
  const stdin = io.stdin as NodeJS.ReadStream;
  if (stdin.isTTY) {
    io.stderr.write('Password (not shown): ');
    stdin.setRawMode(true);
    let password = '';
    try {
      for await (const chunk of stdin) {
        for (const char of String(chunk)) {
          if (char === '\r' || char === '\n') {
            io.stderr.write('\n');
            return password;
          }
          if (char === '\u0003') throw new InputError(['cancelled']);
          if (char === '\u007f') password = password.slice(0, -1);
          else password += char;
        }
      }
      return password;
    } finally {
      stdin.setRawMode(false);
      stdin.pause();
    }
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  // Only the first line counts, so `echo pw | stepdown users create ...` works.
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

/** The organisation appeared or disappeared while the command ran (another process); nothing was saved. */
class OrganizationChangedError extends Error {
  constructor(org: string, created: boolean) {
    super(
      created
        ? `--org: "${org}" no longer exists (renamed meanwhile); nothing was saved`
        : `--org: "${org}" was created by someone else meanwhile; nothing was saved. Run again with --existing-org if it is the one you mean`,
    );
    this.name = 'OrganizationChangedError';
  }
}

export async function usersCreate(args: string[], io: Io): Promise<number> {
  const values = options(args, {
    org: { type: 'string' },
    email: { type: 'string' },
    role: { type: 'string' },
    name: { type: 'string' },
    'new-org': { type: 'boolean' },
    'existing-org': { type: 'boolean' },
    'set-password-link': { type: 'boolean' },
  });
  const parsed = parseWith(UserArgs, values);
  if (!parsed.ok) throw new InputError(parsed.issues.map((issue) => `--${issue.path}: ${issue.message}`));
  const wantsNew = parsed.value['new-org'] === true;
  const wantsExisting = parsed.value['existing-org'] === true;
  if (wantsNew && wantsExisting) {
    throw new InputError(['--new-org, --existing-org: give one; the organisation is either new or existing']);
  }
  const withLink = parsed.value['set-password-link'] === true;
  if (withLink && passwordFileOnStdin(io)) {
    throw new InputError([
      '--set-password-link: standard input holds a password too; give the password, or ask for a link for them to choose their own, not both',
    ]);
  }
  const settings = config();
  const database = openDatabase(settings.database);
  try {
    await migrateToLatest(database);
    // Whether the organisation is new or existing is said, never guessed (and before the password is
    // asked for): a name someone else took (another clinic renamed onto it, a look-alike) must not
    // quietly receive the new user.
    const org = parsed.value.org;
    const existing = await findOrganizationByName(database.db, org);
    if (!wantsNew && !wantsExisting) {
      throw new InputError([
        existing
          ? `--org: "${org}" is an existing organisation${existing.name === org ? '' : ` (as "${existing.name}")`}, created ${existing.createdAt.slice(0, 10)}; add --existing-org to add the user to it`
          : `--org: "${org}" is a new organisation; add --new-org to create it (or check the name)`,
      ]);
    }
    if (wantsExisting && !existing) {
      throw new InputError([`--org: no organisation is named "${org}"; add --new-org instead to create it`]);
    }
    if (wantsNew && existing) {
      throw new InputError([
        `--org: "${org}" already exists as "${existing.name}" (names are compared ignoring case, width and spacing); add --existing-org to add the user to it, or choose another name`,
      ]);
    }
    let password: string;
    if (withLink) {
      // As in the workspace: a random password nobody is told; the account opens only through the link.
      password = newShareCode();
    } else {
      password = await readPassword(io);
      // The same rule and words as the API (NIST SP 800-63B: length, and not common or easy to guess).
      const problem = await passwordProblem(password, { email: parsed.value.email });
      if (problem !== undefined) throw new InputError([`password (read from standard input): ${problem}`]);
    }
    const passwordHash = await hashPassword(password);
    const at = new Date();
    const now = at.toISOString();
    const { email, role, name } = parsed.value;
    // The unique email decides between two creations at once (another command, or the server); a
    // refused one rolls back whole, organisation included.
    const result = await database.db.transaction().execute(async (trx) => {
      const { organization, created } = await ensureOrganization(trx, { name: org, now });
      // Between the look-up and this transaction another process may have created or renamed it.
      if (created !== wantsNew) throw new OrganizationChangedError(org, created);
      const user = await insertUser(trx, {
        organizationId: organization.id,
        email,
        displayName: name ?? email,
        role,
        passwordHash,
        now,
      });
      // No account makes a link from the command line: it is recorded as made for and by the user
      // it opens (the column needs a user), and the audit log names the system as the actor.
      const made = withLink
        ? await makeSetPasswordLink(trx, {
            organizationId: organization.id,
            userId: user.id,
            createdBy: user.id,
            now: at,
          })
        : undefined;
      const actions: AuditAction[] = made ? ['user.create', 'user.set-password-link'] : ['user.create'];
      await insertAuditEvents(
        trx,
        actions.map((action) => ({
          at: now,
          organizationId: organization.id,
          actorUserId: null,
          actorKind: 'system' as const,
          action,
          resourceType: 'user',
          resourceId: user.id,
          clientId: null,
          outcome: 'success' as const,
          ip: null,
          requestId: null,
        })),
      );
      return { user, organization, created, issued: made?.issued };
    });
    io.stdout.write(
      `Created ${result.user.role} ${result.user.email} in ${result.organization.name} (${result.created ? 'new' : 'existing'} organisation)\n`,
    );
    if (result.issued) {
      const { expiresAt, code } = result.issued;
      if (!settings.publicUrl) {
        io.stderr.write(
          'STEPDOWN_PUBLIC_URL is not set: the link uses the address the server listens on (HOST and PORT). Set it to the address your users open.\n',
        );
      }
      io.stdout.write(
        `Give ${result.user.displayName} this one-time link to choose their password. It works once, until ${expiresAt} (${formatDateTime(expiresAt, result.organization.timeZone)}), and is shown only now:\n${publicOrigin(settings)}${setPasswordLinkPath(code)}\n`,
      );
    }
    return 0;
  } catch (error) {
    if (error instanceof DatabaseTooNewError) throw new InputError([error.message]);
    if (error instanceof OrganizationChangedError) throw new InputError([error.message]);
    if (error instanceof EmailInUseError) {
      throw new InputError([`--email: ${parsed.value.email} already has an account`]);
    }
    throw error;
  } finally {
    await database.close();
  }
}
