/**
 * A client's name in any script prints in both plan PDFs, over HTTP: Arabic and Hebrew (right to
 * left: the words read in the right order), Devanagari, Chinese, Japanese, Korean, Greek and
 * Cyrillic, checked by turning the PDF back into text with pdftotext (poppler). The defect this
 * guards: an Arabic name printed as boxes and a Hebrew one vanished ("Client:      (Dana)").
 * The fonts do not depend on the database, so one engine is enough here.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, send } from '../support/http.js';
import { finalisedPlan, type PlanBody } from '../support/plans.js';
import { type Session, signIn, startTestServer, type TestServer } from '../support/server.js';

/** pdftotext's reading of a PDF, with the bidi embedding marks it adds around right-to-left text removed. */
function pdfText(bytes: ArrayBuffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'stepdown-pdf-'));
  try {
    const file = join(dir, 'plan.pdf');
    writeFileSync(file, Buffer.from(bytes));
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })
      .replace(/[\u202A-\u202E\u2066-\u2069]/g, '')
      .replace(/\s+/g, ' ');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The characters of a string, sorted: for scripts whose glyphs are reordered on the page (Devanagari vowel signs). */
function letters(text: string): string {
  return [...text.replace(/\s/g, '')].sort().join('');
}

const NAMES = {
  arabic: 'سارة أحمد',
  hebrew: 'דנה כהן',
  devanagari: 'प्रिया शर्मा',
  chinese: '张伟',
  japanese: '山田さくら',
  korean: '김민준',
  greek: 'Αλέξης Παπαδόπουλος',
  cyrillic: 'Дмитрий Иванов',
} as const;

describe('plan PDFs print names in every script', () => {
  let server: TestServer;
  let session: Session;
  const plans = new Map<keyof typeof NAMES, PlanBody>();

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    const org = await server.addOrganization();
    session = await signIn(server, (await server.addUser(org, 'clinician')).email);
    for (const [script, name] of Object.entries(NAMES) as Array<[keyof typeof NAMES, string]>) {
      plans.set(script, (await finalisedPlan(server, session, `${name} (Dana)`)).plan);
    }
  }, 60_000);
  afterAll(async () => {
    await server.close();
  });

  async function pdf(script: keyof typeof NAMES, audience: 'client' | 'clinician'): Promise<string> {
    const plan = plans.get(script);
    if (!plan) throw new Error(`no plan for ${script}`);
    const response = await send(server, session, 'GET', `/api/v1/plans/${plan.id}/pdf?audience=${audience}`);
    expect(response.status).toBe(200);
    return pdfText(await response.arrayBuffer());
  }

  for (const audience of ['client', 'clinician'] as const) {
    it(`prints Arabic and Hebrew names on the ${audience} PDF, their words in reading order`, async () => {
      for (const script of ['arabic', 'hebrew'] as const) {
        const text = await pdf(script, audience);
        // pdftotext reads right-to-left runs back into logical order; a name printed with its words
        // swapped (or its letters reversed) would read differently here. It takes the opening
        // parenthesis after the name into the right-to-left run, so "(Dana)" comes back as "( ...Dana)".
        expect(text).toContain(NAMES[script]);
        expect(text).toContain('Dana)');
        expect(text).not.toContain(NAMES[script].split(' ').reverse().join(' '));
      }
    });

    it(`prints Devanagari, Chinese, Japanese, Korean, Greek and Cyrillic names on the ${audience} PDF`, async () => {
      for (const script of ['chinese', 'japanese', 'korean', 'greek', 'cyrillic'] as const) {
        expect(await pdf(script, audience)).toContain(NAMES[script]);
      }
      // Devanagari vowel signs are drawn before the consonant they follow, and pdftotext reads them in
      // drawing order: every letter is there, in an order that is the page's, not the keyboard's.
      const text = await pdf('devanagari', audience);
      const line = text.slice(Math.max(0, text.indexOf('(Dana)') - 20), text.indexOf('(Dana)'));
      expect(letters(line)).toContain(letters(NAMES.devanagari));
    });
  }

  it('refuses, in words, a PDF whose name is in a script it has no font for, instead of printing blanks', async () => {
    const { plan } = await finalisedPlan(server, session, 'ᏣᎳᎩ Sequoyah');
    const problem = await expectProblem(
      await send(server, session, 'GET', `/api/v1/plans/${plan.id}/pdf?audience=clinician`),
      422,
      'unprintable_text',
    );
    expect(problem.detail).toContain('Cherokee');
  });
});
