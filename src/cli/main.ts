/**
 * The `stepdown` command. Each subcommand parses its own options; every failure ends here, where
 * invalid input becomes exit code 2 with one line per problem, and nothing prints a stack trace.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { EXIT_FAILURE, EXIT_INVALID_INPUT, InputError } from './errors.js';
import { runRecommend, type Io } from './recommend.js';

const HELP = `stepdown: level-of-care decisions after residential addiction treatment

Usage:
  stepdown recommend FILE|- [--json] [--ruleset FILE]
  stepdown recommend --batch FILE.ndjson|- [--out FILE] [--ruleset FILE]
  stepdown serve
  stepdown migrate [--status]
  stepdown users create --org NAME --new-org|--existing-org --email EMAIL --role admin|clinician
                        [--name NAME] (< password | --set-password-link)
  stepdown programs import FILE [--edition YEAR|DATE] [--json]
  stepdown programs show|history ID
  stepdown programs edit|tracks ID FILE|-
  stepdown backup FILE [--force]
  stepdown export --org NAME [--out FILE] [--force]
  stepdown help [COMMAND]

Commands:
  recommend      Read a stepdown/assessment@1 or @2 document and recommend a level of care.
  serve          Run the web app and API (what npm start runs). Configured by environment variables:
                 PORT (3000), HOST (127.0.0.1), DATABASE_URL (unset: SQLite ./data/stepdown.db;
                 sqlite:PATH; postgres://...), STEPDOWN_SECRET (required when NODE_ENV=production),
                 STEPDOWN_DATA_DIR (./data), LOG_LEVEL (info), STEPDOWN_PUBLIC_URL (the address
                 users and EHRs open; required when NODE_ENV=production), STEPDOWN_TRUST_PROXY
                 (false, a number of proxies, or their addresses and CIDR ranges),
                 STEPDOWN_CDS_CLIENTS (a file listing the EHRs that may call the CDS service).
                 "stepdown help serve" explains each.
  migrate        Apply pending database migrations (serve does this too); --status lists them.
  users create   Add a user to a new organisation (--new-org, created with it) or an existing one
                 (--existing-org); without either it says whether NAME is new or existing and stops.
                 Names are compared ignoring case, width and spacing, so a look-alike of a taken
                 name is the taken name. The password is read from standard input, or typed unseen
                 at a terminal: at least 12 characters, and not common or easy to guess (a few
                 unrelated words in a row work well). With --set-password-link no password is
                 read: it prints a one-time link (at STEPDOWN_PUBLIC_URL; it works once, for 72
                 hours) with which the user chooses their own, as the workspace's Users screen does.
  programs import
                 Add the programs in a SAMHSA National Directory workbook, a FindTreatment.gov
                 locator export (CSV or JSON) or a Stepdown programs JSON file to the directory;
                 importing the same file again changes nothing. show, edit, tracks and history
                 read and correct one program: the shared directory changes only this way.
  backup         Copy the whole database into FILE, consistently, while the server runs (SQLite
                 online backup, or pg_dump for PostgreSQL); "stepdown help backup" says how to restore.
  export         Write everything one organisation holds (users, clients, assessments, plans,
                 consents, referrals, audit events) as NDJSON, for a records request or a move.

Exit codes: 0 success; 2 invalid input (each problem on stderr, named by its JSON path); 1 other errors.
Run "stepdown help recommend" for the details of a command.
`;

const RECOMMEND_HELP = `stepdown recommend: recommend a level of care for an assessment

Usage:
  stepdown recommend FILE|- [--json] [--ruleset FILE]
  stepdown recommend --batch FILE.ndjson|- [--out FILE] [--ruleset FILE]

Reads a stepdown/assessment@1 or stepdown/assessment@2 document (JSON) from FILE, or from standard
input when FILE is "-". An assessment@2 adds optional clinical "facts": substances,
currentMedications (name, and prescriber or dosing clinic), opioidOverdosePast12Months,
overdoseCount, withdrawalSeizureOrDeliriumHistory, pregnant ("yes", "no", "not-asked"), ageYears
and withdrawalScale ({"scale": "CIWA-Ar" or "COWS", "score": N}).

Options:
  --json            Print exactly one stepdown/recommendation@1 JSON document instead of the
                    explanation for a clinician.
  --ruleset FILE    Use the stepdown/ruleset@1 document in FILE (a clinic's or a state's variant)
                    instead of the built-in rule set "stepdown-default".
  --batch           Read NDJSON: one assessment per line. Writes one line per non-blank input line,
                    in order: a recommendation@1 document, or for an invalid line a
                    {"schema":"stepdown/error@1","line":N,"issues":[...]} document. Problems are also
                    listed on stderr; the exit code is 2 if any line was invalid. Use it to
                    re-evaluate a clinic's history under a new rule set.
  --out FILE        With --batch: write results to FILE instead of standard output.
  -h, --help        Show this help.

The explanation starts with the first step of care: withdrawal management, when it needs a 24-hour
setting, comes FIRST (saying whether it must be medically monitored), THEN the level of care. It
lists warnings about contradictory inputs (they never change the result), each rule that fired with
its sources, what the plan must include, the single changes (of a rating, a flag, or an unrecorded
fact) that would change the result, the alternatives, and the rule set's id, version and hash.

Invalid input prints one line per problem, such as "ratings.d3: required", and exits with code 2.

Example:
  echo '{"schema":"stepdown/assessment@1","population":"adult",
         "ratings":{"d1":0,"d2":0,"d3":2,"d4":1,"d5":2,"d6":1}}' | stepdown recommend -
`;

// Commands load their modules only when run: `recommend` must not pay for the server's start-up.
const COMMAND_HELP: Record<string, () => Promise<string>> = {
  recommend: () => Promise.resolve(RECOMMEND_HELP),
  serve: async () => (await import('./server-commands.js')).SERVE_HELP,
  programs: async () => (await import('./programs-commands.js')).PROGRAMS_HELP,
  backup: async () => (await import('./backup-command.js')).BACKUP_HELP,
  export: async () => (await import('./export-command.js')).EXPORT_HELP,
};

function parse(args: string[], options: ParseArgsConfig['options']): ReturnType<typeof parseArgs> {
  try {
    return parseArgs({ args, options: options ?? {}, allowPositionals: true, strict: true });
  } catch (error) {
    // parseArgs says which option was wrong; keep its words, drop its error code.
    throw new InputError([(error as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, '')]);
  }
}

async function recommend(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    json: { type: 'boolean' },
    batch: { type: 'boolean' },
    ruleset: { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(RECOMMEND_HELP);
    return 0;
  }
  if (positionals.length !== 1) {
    throw new InputError([
      positionals.length === 0
        ? 'recommend: name an assessment file, or "-" for standard input (see "stepdown help recommend")'
        : `recommend: expected one input, got ${positionals.length}: ${positionals.join(' ')}`,
    ]);
  }
  if (values.out !== undefined && !values.batch) throw new InputError(['--out: only with --batch']);
  if (values.json && values.batch) throw new InputError(['--json: --batch always writes JSON; drop --json']);
  return runRecommend(
    {
      input: positionals[0] as string,
      json: values.json === true,
      batch: values.batch === true,
      rulesetFile: values.ruleset as string | undefined,
      out: values.out as string | undefined,
    },
    io,
  );
}

/** Runs the command line and returns the exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case 'help':
      case '--help':
      case '-h': {
        const topic = rest[0];
        if (topic !== undefined && !(topic in COMMAND_HELP)) throw new InputError([`help: unknown command "${topic}"`]);
        const loadHelp = topic === undefined ? undefined : COMMAND_HELP[topic];
        io.stdout.write(loadHelp ? await loadHelp() : HELP);
        return 0;
      }
      case 'recommend':
        return await recommend(rest, io);
      case 'serve':
        return await (await import('./server-commands.js')).serve(rest, io);
      case 'migrate':
        return await (await import('./server-commands.js')).migrate(rest, io);
      case 'programs':
        return await (await import('./programs-commands.js')).programsCommand(rest, io);
      case 'backup':
        return await (await import('./backup-command.js')).backupCommand(rest, io);
      case 'export':
        return await (await import('./export-command.js')).exportCommand(rest, io);
      case 'users':
        if (rest[0] !== 'create')
          throw new InputError(['users: the only subcommand is "create" (see "stepdown help")']);
        return await (await import('./server-commands.js')).usersCreate(rest.slice(1), io);
      default:
        throw new InputError([`unknown command "${command}" (see "stepdown help")`]);
    }
  } catch (error) {
    if (error instanceof InputError) {
      for (const line of error.lines) io.stderr.write(`${line}\n`);
      return EXIT_INVALID_INPUT;
    }
    // A zero-length database file (storage/database.ts): the operator's to decide, named, exit 2.
    if (error instanceof Error && error.name === 'EmptyDatabaseFileError') {
      io.stderr.write(`DATABASE_URL: ${error.message}\n`);
      return EXIT_INVALID_INPUT;
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') return 0;
    io.stderr.write(`stepdown: ${(error as Error).message}\n`);
    return EXIT_FAILURE;
  }
}
