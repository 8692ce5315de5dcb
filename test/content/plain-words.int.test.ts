/**
 * Every error the workspace shows is in plain words (issue 11, item 10). Walks every field of every
 * route the workspace calls (from the app's own route table, so a new field fails here until it has
 * words), every problem the finalisation checks can raise, and the fields consistency warnings name,
 * and fails on a raw path (`appointments.0.startsAt`, `reassessBy`, `(root)`), an option code
 * (`never-use-alone`, `iop`) or a validator term on screen.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import { parseAssessment } from '../../src/core/assessment.js';
import { finalizationProblems } from '../../src/core/plans/finalize.js';
import { loadDefaultRuleSet } from '../../src/core/rulesets/index.js';
import { consistencyWarnings } from '../../src/core/warnings.js';
import { buildApp } from '../../src/server/app.js';
import { decoyHash } from '../../src/server/auth/passwords.js';
import { AUDIT_ACTION_WORDS, actionWords, isAuditAction } from '../../src/core/audit-actions.js';
import { fieldName, hasWords, plainIssue } from '../../src/web/workspace/plain-words.js';
import { aCompletePlan } from '../fixtures/plans.js';
import { rawPart } from '../support/plain-text.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';

interface Field {
  key: string;
  path: string;
}

/** Every field of a zod schema, each with its path (lists at item 0). */
function fieldsOf(schema: ZodType | undefined): Field[] {
  const fields: Field[] = [];
  const seen = new Set<unknown>();
  const walk = (node: unknown, prefix: string) => {
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    const def = (node as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
    if (!def) return;
    switch (def.type) {
      case 'object':
        for (const [key, child] of Object.entries(def.shape as Record<string, unknown>)) {
          fields.push({ key, path: `${prefix}${key}` });
          walk(child, `${prefix}${key}.`);
        }
        return;
      case 'array':
        walk(def.element, `${prefix}0.`);
        return;
      case 'optional':
      case 'nullable':
      case 'default':
      case 'readonly':
      case 'catch':
      case 'nonoptional':
      case 'prefault':
        walk(def.innerType, prefix);
        return;
      case 'union':
        for (const option of def.options as unknown[]) walk(option, prefix);
        return;
      case 'intersection':
        walk(def.left, prefix);
        walk(def.right, prefix);
        return;
      case 'pipe':
        walk(def.in, prefix);
        walk(def.out, prefix);
        return;
      case 'record':
        walk(def.valueType, `${prefix}x.`);
        return;
      default:
        return;
    }
  };
  walk(schema, '');
  return fields;
}

/** Messages the validators send, as they arrive. */
const MESSAGES = [
  'required',
  'unknown field',
  'must be one of "op", "iop", "php"',
  'must be text, not null',
  'must be a valid datetime',
  'must be a valid uuid',
  'must be at least 1',
  'the safety block must include "never-use-alone"',
];

describe('plain words for every problem the workspace shows', () => {
  let database: TestDatabase;
  const routes: RouteOptions[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    const app = await buildApp(
      {
        database: database.handle,
        ruleset: loadDefaultRuleSet(),
        secret: Buffer.from('plain-words-test-secret-plain-words-test'),
        clock: () => new Date(),
        decoyHash: decoyHash(),
        trustProxy: false,
      },
      { logLevel: 'silent', onRoute: (route) => routes.push(route) },
    );
    await app.ready();
    await app.close();
  });
  afterAll(async () => {
    await database.drop();
  });

  /** The routes the workspace calls: signed-in and admin routes, and sign-in and set-password. */
  const workspaceFields = (): Field[] =>
    routes
      .filter((route) => {
        const access = route.config?.access;
        return access === 'signed-in' || access === 'admin' || route.url.startsWith('/api/v1/auth/');
      })
      .flatMap((route) => {
        const schema = (route.schema ?? {}) as Record<string, ZodType | undefined>;
        return [schema.body, schema.querystring, schema.params, schema.headers].flatMap(fieldsOf);
      });

  it('has words for every field of every route the workspace calls', () => {
    const fields = workspaceFields();
    expect(fields.length).toBeGreaterThan(200);
    const missing = [...new Set(fields.filter((field) => !hasWords(field.key)).map((field) => field.key))];
    expect(missing, 'add these fields to FIELD_WORDS or ITEM_WORDS in src/web/workspace/plain-words.ts').toEqual([]);
  });

  it('never shows a raw path, code or validator term for any field and message', () => {
    const raw: string[] = [];
    for (const field of workspaceFields()) {
      for (const message of MESSAGES) {
        const shown = plainIssue({ path: field.path, message });
        const why = rawPart(shown);
        if (why) raw.push(`${field.path} + "${message}" -> "${shown}" (${why})`);
      }
    }
    expect([...new Set(raw)].slice(0, 40)).toEqual([]);
  });

  it('words every problem the finalisation checks raise', () => {
    const complete = aCompletePlan();
    const plans: unknown[] = [
      {
        ...complete,
        reassessBy: null,
        dischargeDate: null,
        goals: [{ ...complete.goals[0], text: '', measure: '', targetDate: null }],
        selectedSetting: 'php',
        variance: null,
        selectedWithdrawalManagement: 'residential',
        withdrawalVariance: { reason: 'other', otherText: '', narrative: '' },
        safety: { ...complete.safety, topics: [], naloxone: 'not-asked', medication: 'not-asked' },
        medications: [{ name: '', dose: '', for: 'other', prescriber: '', lastDose: null, bridgeSupplyUntil: null }],
        appointments: [{ kind: 'program-intake', with: '', address: '', phone: '', startsAt: null }],
        urgent: true,
        urgentEvaluation: null,
        needs: { safetyPlan: true, medicationsForAddiction: ['methadone'], naloxone: true, obstetricCare: true },
        safetyPlan: null,
      },
      { ...complete, goals: [], therapies: [], services: [], supportGroups: [], appointments: [] },
      { ...complete, appointments: [{ kind: 'bogus', startsAt: 'tomorrow' }], safety: undefined },
      { ...complete, schema: 'stepdown/plan@9' },
    ];
    const raw: string[] = [];
    let count = 0;
    for (const plan of plans) {
      for (const problem of finalizationProblems(plan, { today: '2026-01-01' })) {
        count += 1;
        const shown = plainIssue(problem);
        const why = rawPart(shown);
        if (why) raw.push(`${problem.path}: ${problem.message} -> "${shown}" (${why})`);
      }
    }
    expect(count).toBeGreaterThan(20);
    expect(raw).toEqual([]);
  });

  it('names in words the fields that consistency warnings point at', () => {
    const parsed = parseAssessment({
      schema: 'stepdown/assessment@2',
      population: 'adult',
      ratings: { d1: 0, d2: 0, d3: 0, d4: 0, d5: 0, d6: 0 },
      flags: { withdrawalRisk: true, imminentDanger: true, unsafeHousing: true },
      facts: { opioidOverdosePast12Months: false, overdoseCount: 3, pregnant: 'yes', ageYears: 15, substances: [] },
    });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const fields = consistencyWarnings(parsed.value).flatMap((warning) => warning.fields);
    expect(fields.length).toBeGreaterThan(2);
    for (const field of fields) expect(rawPart(fieldName(field)), field).toBeUndefined();
  });

  it('reads as people say it', () => {
    expect(plainIssue({ path: 'appointments.0.startsAt', message: 'set the date and time' })).toBe(
      'Appointment 1, date and time: set the date and time',
    );
    expect(plainIssue({ path: 'safety.topics', message: 'the safety block must include "never-use-alone"' })).toBe(
      'Safety block, safety topics: the safety block must include “Never using alone”',
    );
    expect(fieldName('ratings.d3')).toBe('Mental health, emotions and thinking');
    expect(fieldName('reassessBy')).toBe('Reassess by');
  });

  it('names in words every action the server and the command line record in the audit log', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? files(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
      );
    const recorded = new Set<string>();
    const prefixes = new Set(Object.keys(AUDIT_ACTION_WORDS).map((action) => action.split('.')[0]));
    for (const file of [...files('src/server'), ...files('src/cli')]) {
      const source = readFileSync(file, 'utf8');
      // `action: 'x.y'`, and the two-way choices (`text === null ? 'program.note.remove' : 'program.note.set'`).
      for (const match of source.matchAll(
        /action:\s*(?:[^,'\n]*\?\s*)?'([a-z-]+(?:\.[a-z-]+)+)'(?:\s*:\s*'([a-z-]+(?:\.[a-z-]+)+)')?/g,
      )) {
        for (const action of [match[1], match[2]]) if (action) recorded.add(action);
      }
      // Codes passed as arguments (`deniedClient(db, context, 'client.read', id)`), by the prefixes actions use.
      for (const match of source.matchAll(/'([a-z-]+(?:\.[a-z-]+)+)'/g)) {
        const code = match[1] ?? '';
        if (prefixes.has(code.split('.')[0] ?? '') && !/\.(html|json|js|css|pdf|csv)$/.test(code)) recorded.add(code);
      }
    }
    expect(recorded.size).toBeGreaterThan(70);
    expect([...recorded].filter((action) => !isAuditAction(action)).sort()).toEqual([]);
    for (const words of Object.values(AUDIT_ACTION_WORDS)) expect(rawPart(words), words).toBeUndefined();
    expect(actionWords('client.read')).toBe('Opened a client’s record');
  });
});
