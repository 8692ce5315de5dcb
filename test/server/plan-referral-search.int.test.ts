/**
 * The referral search from a plan, over real HTTP on SQLite and PostgreSQL: the plan's medicines
 * for opioid use disorder (read from the plan as the workspace reads them, `medicationsToKeep`) go
 * in the search as `needs.medications`, and the results say which programs accept them, from the
 * National Directory's own service codes as the import reads them from a workbook: programs that
 * keep every medicine rank first and say so; the others are marked, in plain words, and ranked last.
 *
 * The codes: MU, MM and the 2022 edition's MMW ("methadone maintenance for predetermined time") and
 * METH (pharmacotherapies) mean methadone; BU, BWN and BMW buprenorphine; MOA takes people whose
 * medicine is prescribed elsewhere. OMB ("outpatient methadone/buprenorphine or naltrexone
 * treatment") is a setting code and says nothing of which medicine: in the 2023 directory 5,233 of
 * 12,744 facilities list it, 31 of them with no medicine code at all, 8 of those with NMOA ("does not
 * use MAT for opioid use disorders"); so OMB alone is never read as accepting a medicine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MatchResponse } from '../../src/core/api/programs.js';
import { medicationsToKeep } from '../../src/core/plans/medicines.js';
import { importProgramFile } from '../../src/server/programs/import/import-programs.js';
import { lazyZipCentroids } from '../../src/server/programs/zip-centroids.js';
import { scratchDir, writeDirectoryWorkbook } from '../fixtures/program-files.js';
import { testDialects } from '../support/databases.js';
import { assessmentDocument, expectJson, send } from '../support/http.js';
import { clientWithAssessment, completed, dayFromNow, documentOf, draftPlan, savePlan } from '../support/plans.js';
import { type Session, signIn, startTestServer, type TestServer } from '../support/server.js';

const zipCentroids = lazyZipCentroids();

/** Intensive outpatient programs in one ZIP code, each listing other medicine codes. */
const FACILITIES: Array<[name: string, codes: string]> = [
  ['Maple Methadone IOP', 'SA * OIT * MMW'],
  ['Birch Buprenorphine IOP', 'SA * OIT * BU BWN'],
  ['Cedar Any-Prescriber IOP', 'SA * OIT * MOA'],
  ['Dogwood OMB IOP', 'SA * OIT OMB * NMOA'],
  ['Elm Treatment Program IOP', 'SA * OIT * MU METH'],
];

describe.each(testDialects())('the referral search from a plan on %s', (dialect) => {
  let server: TestServer;
  let session: Session;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    const org = await server.addOrganization();
    session = await signIn(server, (await server.addUser(org, 'clinician')).email);
    const path = await writeDirectoryWorkbook(
      scratchDir(),
      'medicines-2022.xlsx',
      FACILITIES.map(([name, codes], index) => [
        name,
        null,
        `${index + 1} Main Street`,
        'Springfield',
        'MA',
        '01103',
        codes,
      ]),
    );
    const summary = await importProgramFile(server.database.handle.db, path, {
      now: server.now(),
      zipCentroids,
      edition: '2022',
    });
    expect(summary.added).toBe(FACILITIES.length);
    expect(summary.unknownCodes).toEqual([]);
  });
  afterAll(async () => {
    await server.close();
  });

  it('sends the plan’s methadone and says which programs keep it, those first', async () => {
    const { clientId } = await clientWithAssessment(
      server,
      session,
      assessmentDocument({
        schema: 'stepdown/assessment@2',
        facts: {
          substances: ['opioids'],
          currentMedications: [{ name: 'methadone', prescriber: 'Harbor OTP' }],
        },
      }),
    );
    const draft = await draftPlan(server, session, clientId);
    const plan = await savePlan(server, session, draft, {
      ...completed(documentOf(draft), dayFromNow(server, 30)),
      medications: [
        {
          name: 'Methadose 80 mg',
          dose: '80 mg daily',
          for: 'opioid-use-disorder',
          prescriber: 'Harbor OTP',
          lastDose: null,
          bridgeSupplyUntil: null,
        },
        {
          name: 'Naltrexone',
          dose: '50 mg',
          for: 'alcohol-use-disorder',
          prescriber: 'Dr. Rao',
          lastDose: null,
          bridgeSupplyUntil: null,
          // Stopped at discharge: no program needs to keep it.
          course: 'stop',
          courseReason: 'Started on methadone instead.',
        },
      ],
    });
    const medications = medicationsToKeep(plan.medications);
    expect(medications).toEqual(['methadone']);

    const result = await expectJson<MatchResponse>(
      await send(server, session, 'POST', '/api/v1/programs/match', {
        json: { zip: '01103', radiusMiles: 10, setting: plan.selectedSetting, needs: { medications }, limit: 10 },
      }),
      200,
    );
    const names = result.items.map((item) => item.program.name);
    expect(names).toHaveLength(FACILITIES.length);
    const keeping = ['Maple Methadone IOP', 'Cedar Any-Prescriber IOP', 'Elm Treatment Program IOP'];
    expect(new Set(names.slice(0, 3))).toEqual(new Set(keeping));
    expect(new Set(names.slice(3))).toEqual(new Set(['Birch Buprenorphine IOP', 'Dogwood OMB IOP']));
    for (const item of result.items) {
      if (keeping.includes(item.program.name)) {
        expect(item.fit, item.program.name).toContain('accepts people on methadone');
        expect(item.conflicts, item.program.name).toEqual([]);
      } else {
        expect(item.conflicts, item.program.name).toEqual([
          'does not say it accepts people on methadone: call before you choose it, so your medicine does not stop',
        ]);
      }
    }
    const maple = result.items.find((item) => item.program.name === 'Maple Methadone IOP');
    expect(maple?.details.keepsMedications).toEqual(['methadone']);
    expect(result.items.find((item) => item.program.name === 'Dogwood OMB IOP')?.details.keepsMedications).toEqual([]);
  });
});
