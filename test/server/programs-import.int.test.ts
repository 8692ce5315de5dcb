/**
 * Importing program files. Small fixture files of our own cover every format, bad rows (reported by
 * number), idempotent re-import and a newer file keeping what admins set by hand, on SQLite and
 * PostgreSQL. The real SAMHSA files (../shared/data/samhsa) check counts by setting against what
 * the files list; without that folder those tests say why they are skipped.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { type ImportSummary, importProgramFile } from '../../src/server/programs/import/import-programs.js';
import { readProgramFile } from '../../src/server/programs/import/read-program-file.js';
import { UnknownFormatError } from '../../src/server/programs/import/source.js';
import { lazyZipCentroids } from '../../src/server/programs/zip-centroids.js';
import type { Executor } from '../../src/storage/executor.js';
import { getProgram, patchProgram, replaceProgramTracks } from '../../src/storage/programs.js';
import {
  LOCATOR_CSV,
  SAMHSA_DIR,
  STEPDOWN_JSON,
  scratchDir,
  writeDirectoryWorkbook,
  writeText,
} from '../fixtures/program-files.js';
import { createTestDatabase, type TestDatabase, testDialects } from '../support/databases.js';

const zipCentroids = lazyZipCentroids();
const NOW = new Date('2025-06-01T12:00:00Z');

function importFile(db: Executor, path: string, edition?: string): Promise<ImportSummary> {
  return importProgramFile(db, path, { now: NOW, zipCentroids, ...(edition ? { edition } : {}) });
}

async function countBySetting(db: Executor, edition?: string): Promise<Record<string, number>> {
  let query = db.selectFrom('programs').select(['setting', (eb) => eb.fn.countAll<number>().as('n')]);
  if (edition) query = query.where('edition', '=', edition);
  const rows = await query.groupBy('setting').execute();
  return Object.fromEntries(rows.map((row) => [row.setting, Number(row.n)]));
}

const EVENING = {
  name: 'Evening track',
  slots: [{ day: 'mon' as const, start: '18:00', end: '21:00' }],
};

describe.each(testDialects())('program import from small files on %s', (dialect) => {
  let database: TestDatabase;
  let dir: string;
  const db = () => database.handle.db;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    dir = scratchDir();
  });
  afterAll(async () => {
    await database.drop();
  });

  it('reads the locator CSV export: a quoted name over two lines, SAMHSA coordinates, bad rows by number', async () => {
    const summary = await importFile(db(), LOCATOR_CSV, '2025-08-19');
    expect(summary).toMatchObject({
      format: 'locator-csv',
      edition: '2025-08-19',
      read: 5,
      programs: 4,
      added: 4,
      updated: 0,
      unchanged: 0,
      approximateLocations: 0,
    });
    expect(summary.malformed).toEqual([
      { row: 4, reason: 'has 7 fields where the header has 27' },
      { row: 5, reason: 'latitude or longitude is not a valid coordinate' },
    ]);
    expect(summary.skipped).toEqual([
      { reason: 'a mental health facility that does not treat substance use', count: 1, rows: [3] },
    ]);
    const settings = await countBySetting(db(), '2025-08-19');
    expect(settings).toEqual({ iop: 2, op: 1, residential: 1 });
    const again = await importFile(db(), LOCATOR_CSV, '2025-08-19');
    expect([again.added, again.updated, again.unchanged]).toEqual([0, 0, 4]);
  });

  it('reads a directory workbook with capitalised headers, decoding codes with its own reference sheet', async () => {
    const path = await writeDirectoryWorkbook(dir, 'directory-2023.xlsx', [
      ['Maple Clinic', null, '1 Maple Street', 'Springfield', 'MA', '1103', 'SA * OP OIT ORT * MOA * CBT * MD PI * SP'],
      [null, 'No Name', '2 Elm Street', 'Springfield', 'MA', '01103', 'SA * OIT'],
      ['No Codes House', null, '3 Oak Street', 'Springfield', 'MA', '01103', ''],
      ['Residential Place', null, '4 Pine Street', 'Springfield', 'MA', '01103', 'SA * RES RS * ZZZ'],
    ]);
    const summary = await importFile(db(), path);
    expect(summary).toMatchObject({
      format: 'directory-xlsx',
      edition: '2023',
      read: 4,
      added: 3,
      approximateLocations: 3,
    });
    expect(summary.malformed).toEqual([
      { row: 3, reason: 'the facility has no name' },
      { row: 4, reason: 'the facility lists no service codes' },
    ]);
    expect(summary.unknownCodes).toEqual([{ code: 'ZZZ', rows: 1 }]);
    expect(summary.warnings).toEqual([]);
  });

  it('imports the same file twice with no change, and a newer file updates but keeps what admins set', async () => {
    const older = await writeDirectoryWorkbook(dir, 'keep-2022.xlsx', [
      ['Keeper Clinic', null, '9 Keep Road', 'Springfield', 'MA', '01103', 'SA * OIT * MD'],
    ]);
    const first = await importFile(db(), older);
    expect([first.added, first.updated, first.unchanged]).toEqual([1, 0, 0]);
    const second = await importFile(db(), older);
    expect([second.added, second.updated, second.unchanged]).toEqual([0, 0, 1]);

    const { id } = await db()
      .selectFrom('programs')
      .select('id')
      .where('name', '=', 'Keeper Clinic')
      .executeTakeFirstOrThrow();
    await replaceProgramTracks(db(), id, [EVENING], NOW.toISOString());
    await patchProgram(
      db(),
      id,
      {
        overrides: { name: 'Keeper Clinic Evening IOP' },
        acceptingNewClients: { value: true, confirmedAt: '2025-05-30' },
      },
      NOW.toISOString(),
    );

    const newer = await writeDirectoryWorkbook(dir, 'keep-2023.xlsx', [
      ['Keeper Clinic', null, '9 Keep Road', 'Springfield', 'MA', '01103', 'SA * OIT * MD PI * SP'],
    ]);
    const update = await importFile(db(), newer);
    expect([update.added, update.updated, update.unchanged]).toEqual([0, 1, 0]);
    const program = (await getProgram(db(), id))?.program;
    expect(program?.payment).toEqual(['medicaid', 'private-insurance']);
    expect(program?.languages).toEqual(['en', 'es']);
    expect(program?.provenance.edition).toBe('2023');
    expect(program?.tracks).toEqual([EVENING]);
    expect(program?.acceptingNewClients).toEqual({ value: true, confirmedAt: '2025-05-30' });
    expect(program?.name).toBe('Keeper Clinic Evening IOP');

    // An older edition does not overwrite a newer one.
    const stale = await importFile(db(), older);
    expect([stale.added, stale.updated, stale.unchanged]).toEqual([0, 0, 0]);
    expect(stale.skipped).toEqual([
      { reason: 'a newer edition (2023) of this listing is already stored', count: 1, rows: [2] },
    ]);
  });

  it('reads Stepdown JSON: tracks and accepting flag on new programs, ZIP centres, invalid items by number', async () => {
    const summary = await importFile(db(), STEPDOWN_JSON, '2025');
    expect(summary).toMatchObject({
      format: 'stepdown-json',
      rowNoun: 'item',
      read: 3,
      added: 2,
      approximateLocations: 1,
    });
    expect(summary.malformed).toEqual([
      { row: 3, reason: 'tracks.0.slots.0.end: end must be after start; telehealth: must be true or false, not text' },
    ]);
    const php = (await getProgram(db(), '0f0e0d0c-0b0a-4909-8807-060504030201'))?.program;
    expect(php).toMatchObject({ name: 'Fixture Day PHP', location: { lat: 42.357, approximate: false } });
    const iop = await db()
      .selectFrom('programs')
      .select('id')
      .where('name', '=', 'Fixture Evening IOP')
      .executeTakeFirstOrThrow();
    const stored = (await getProgram(db(), iop.id))?.program;
    expect(stored?.tracks[0]?.slots).toHaveLength(3);
    expect(stored?.acceptingNewClients).toEqual({ value: true, confirmedAt: '2025-01-15' });
    expect(stored?.location.approximate).toBe(true);
    expect(stored?.provenance).toEqual({ source: 'stepdown', file: 'stepdown-programs.json', edition: '2025' });
    const again = await importFile(db(), STEPDOWN_JSON, '2025');
    expect([again.added, again.updated, again.unchanged]).toEqual([0, 0, 2]);
  });
});

describe('file formats Stepdown does not know', () => {
  it('are refused with a message saying what the file is not', async () => {
    const dir = scratchDir();
    const cases: Array<[string, string, RegExp]> = [
      [
        'notes.txt',
        'Dear diary,\nno programs here.\n',
        /neither the locator export columns .* nor the directory columns/,
      ],
      ['object.json', '{"programs": []}', /neither a list of programs nor a FindTreatment\.gov locator response/],
      ['broken.json', '[{"name": }]', /not valid JSON \(line 1, column 11/],
      ['fake.xlsx', 'PK\u0003\u0004 not really a zip', /cannot be opened as one/],
      ['empty.csv', '', /the file is empty/],
    ];
    for (const [name, text, message] of cases) {
      await expect(readProgramFile(writeText(dir, name, text))).rejects.toThrow(message);
      await expect(readProgramFile(writeText(dir, name, text))).rejects.toBeInstanceOf(UnknownFormatError);
    }
    const notDirectory = join(dir, 'budget.xlsx');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Budget').addRow(['month', 'amount']);
    await workbook.xlsx.writeFile(notDirectory);
    await expect(readProgramFile(notDirectory)).rejects.toThrow(/has no "Facilities List" sheet \(it has: "Budget"\)/);
  });
});

const HAVE_SAMHSA = existsSync(SAMHSA_DIR);
const SAMHSA_SKIP_REASON = HAVE_SAMHSA
  ? undefined
  : `Real SAMHSA import tests skipped: ${SAMHSA_DIR} is absent (it holds the National Directory and locator files; CI always has it)`;
if (SAMHSA_SKIP_REASON) console.log(SAMHSA_SKIP_REASON);

const samhsa = (name: string) => join(SAMHSA_DIR, name);
const SLOW = 600_000;

describe('program import from the real SAMHSA files (SQLite)', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
  });
  afterAll(async () => {
    await database.drop();
  });
  const db = () => database.handle.db;

  it.skipIf(!HAVE_SAMHSA)(
    '2022 workbook: counts by setting as the file lists them; 2023 updates it, keeps admin tracks, and re-imports as a no-op',
    async () => {
      const first = await importFile(db(), samhsa('National_Directory_SA_Facilities_2022.xlsx'));
      expect(first).toMatchObject({ read: 12_176, edition: '2022', updated: 0, unchanged: 0, malformed: [] });
      expect(first.unknownCodes).toEqual([]);
      // OIT 5,525 and ODT 1,703 facilities, as the file's README counts them; one row repeats another exactly.
      const in2022 = await countBySetting(db(), '2022');
      expect(in2022).toMatchObject({ iop: 5525, php: 1703 });
      expect(in2022).toEqual({
        op: 9297,
        iop: 5525,
        php: 1703,
        residential: 2794,
        inpatient: 538,
        'withdrawal-management': 2903,
      });
      expect(first.skipped.map((group) => [group.reason, group.count])).toEqual([
        ['no treatment setting Stepdown lists (such as housing only)', 366],
        ['repeats an earlier row exactly', 1],
      ]);

      const iop = await db()
        .selectFrom('programs')
        .select('id')
        .where('setting', '=', 'iop')
        .where('name', '=', 'Shelby County Treatment Center')
        .executeTakeFirstOrThrow();
      await replaceProgramTracks(db(), iop.id, [EVENING], NOW.toISOString());

      const newer = await importFile(db(), samhsa('national-directory-su-facilities-2023.xlsx'));
      expect(newer).toMatchObject({ read: 12_744, edition: '2023', malformed: [] });
      expect(newer.updated).toBeGreaterThan(10_000);
      expect((await countBySetting(db(), '2023')).iop).toBe(5736);
      const kept = (await getProgram(db(), iop.id))?.program;
      expect(kept?.provenance.edition).toBe('2023');
      expect(kept?.tracks).toEqual([EVENING]);

      const again = await importFile(db(), samhsa('national-directory-su-facilities-2023.xlsx'));
      expect([again.added, again.updated]).toEqual([0, 0]);
      expect(again.unchanged).toBe(newer.programs);
    },
    SLOW,
  );

  it.skipIf(!HAVE_SAMHSA)(
    'locator CSV: the oit flag gives 80 IOP programs, at SAMHSA’s own coordinates',
    async () => {
      const summary = await importFile(db(), samhsa('facility-detail.csv'), '2025-08-19');
      expect(summary).toMatchObject({ format: 'locator-csv', read: 662, malformed: [], approximateLocations: 0 });
      expect((await countBySetting(db(), '2025-08-19')).iop).toBe(80);
      const again = await importFile(db(), samhsa('facility-detail.csv'), '2025-08-19');
      expect([again.added, again.updated]).toEqual([0, 0]);
    },
    SLOW,
  );

  it.skipIf(!HAVE_SAMHSA)(
    'locator JSON and the 2023 mental health workbook (capitalised reference headers)',
    async () => {
      const json = await importFile(db(), samhsa('_DATA.js.locations.json'), '2019');
      expect(json).toMatchObject({ format: 'locator-json', read: 30, malformed: [], approximateLocations: 0 });
      expect(json.added).toBeGreaterThan(0);
      expect(json.skipped.map((group) => group.reason)).toContain(
        'a mental health facility that does not treat substance use',
      );

      const mh = await importFile(db(), samhsa('national-directory-mh-facilities-2023.xlsx'));
      expect(mh).toMatchObject({ format: 'directory-xlsx', read: 8707, warnings: [], unknownCodes: [], malformed: [] });
      expect(mh.added).toBeGreaterThan(1000);
      const mhOnly = mh.skipped.find(
        (group) => group.reason === 'a mental health facility that does not treat substance use',
      );
      expect(mhOnly?.count).toBeGreaterThan(1000);
    },
    SLOW,
  );
});
