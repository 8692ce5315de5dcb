/**
 * Right-to-left passages longer than a line wrap in reading order (issue 11, item 8): a long Arabic
 * and a long Hebrew passage, alone, after English words, and in a narrow table cell, and a plan's
 * goal written in Arabic and Hebrew on the client's PDF over HTTP. pdftotext reads each line of a
 * right-to-left paragraph back in logical order, so the passage comes back whole only when its
 * first words are on the first line; before the fix the last words were on the first line.
 *
 * pdftotext cannot say which Arabic letter a shaped glyph is when letters share a form and differ
 * only in their dots (Noto draws the dots as marks): Arabic is compared by its letters' shapes, the
 * skeleton that stays when the dots are left out. Hebrew comes back letter for letter.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PdfDocumentDefinition } from 'pdfmake';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printable } from '../../src/server/pdf/fonts.js';
import { renderPdf } from '../../src/server/pdf/render.js';
import { expectJson, send } from '../support/http.js';
import {
  clientWithAssessment,
  completed,
  dayFromNow,
  documentOf,
  draftPlan,
  type PlanBody,
  savePlan,
} from '../support/plans.js';
import { type Session, signIn, startTestServer, type TestServer } from '../support/server.js';

const ARABIC =
  'أنا ذاهب إلى البرنامج المسائي ثلاث مرات في الأسبوع وسأتصل بأختي كل يوم بعد العمل لكي تساعدني عندما أشعر بالرغبة في الشرب، ثم أمشي مع جاري في الحديقة القريبة من البيت.';
const HEBREW =
  'אני הולך לקבוצת התמיכה בערב שלוש פעמים בשבוע ואתקשר לאחותי בכל יום אחרי העבודה כדי שתעזור לי כשאני מרגיש רצון לשתות, ואחר כך אטייל עם השכן בגן שליד הבית.';

/** pdftotext's lines, without the bidi embedding marks it adds around right-to-left text. */
function pdfLines(bytes: ArrayBuffer | Buffer): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'stepdown-rtl-'));
  try {
    const file = join(dir, 'rtl.pdf');
    writeFileSync(file, Buffer.from(bytes as ArrayBuffer));
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })
      .replace(/[\u202A-\u202E\u2066-\u2069]/g, '')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Arabic letters by the shape they share when their dots are left out (the rasm). */
const SKELETON: ReadonlyArray<[RegExp, string]> = [
  [/[اأإآٱ]/g, 'ا'],
  [/[بتثنيىئ]/g, 'ب'],
  [/[جحخ]/g, 'ح'],
  [/[دذ]/g, 'د'],
  [/[رز]/g, 'ر'],
  [/[سش]/g, 'س'],
  [/[صض]/g, 'ص'],
  [/[طظ]/g, 'ط'],
  [/[عغ]/g, 'ع'],
  [/[فق]/g, 'ف'],
  [/[ةه]/g, 'ه'],
  [/[وؤ]/g, 'و'],
];

/** The words of a text, letters only, Arabic by its skeleton: what pdftotext can give back exactly. */
function words(text: string): string[] {
  const folded = SKELETON.reduce((current, [pattern, shape]) => current.replace(pattern, shape), text);
  return folded.split(/[^\p{L}]+/u).filter((word) => word !== '');
}

/** Whether `passage` is in `lines` in reading order, and across more than one line. */
function readsInOrder(lines: string[], passage: string): { inOrder: boolean; lines: number } {
  const wanted = words(passage);
  const all = lines.flatMap((line) => words(line).map((word) => ({ word, line })));
  for (let start = 0; start + wanted.length <= all.length; start++) {
    if (wanted.every((word, i) => all[start + i]?.word === word)) {
      const used = new Set(all.slice(start, start + wanted.length).map((item) => item.line));
      return { inOrder: true, lines: used.size };
    }
  }
  return { inOrder: false, lines: 0 };
}

/**
 * Whether the lines hold `passage` line by line in order: each line the next words of the passage
 * (in any order within the line, where pdftotext's reading of Arabic punctuation can differ from
 * the page's), and more than one line. The order within a line is checked by the strict test above.
 */
function linesInOrder(lines: string[], passage: string): boolean {
  const wanted = words(passage);
  const start = lines.findIndex((line) => words(line).includes(wanted[0] ?? ''));
  if (start === -1) return false;
  let next = 0;
  let used = 0;
  for (const line of lines.slice(start)) {
    if (next >= wanted.length) break;
    const got = words(line);
    const expected = wanted.slice(next, next + got.length);
    if ([...got].sort().join(' ') !== [...expected].sort().join(' ')) return false;
    next += got.length;
    used += 1;
  }
  return next === wanted.length && used > 1;
}

describe('right-to-left passages longer than a line', () => {
  it('wrap in reading order alone, after English words, and in a narrow table cell', async () => {
    const definition: PdfDocumentDefinition = {
      pageSize: 'LETTER',
      pageMargins: [40, 40, 40, 60],
      defaultStyle: { fontSize: 11 },
      content: [
        printable(ARABIC),
        printable(HEBREW),
        printable(`Goal: ${ARABIC}`),
        printable(`Goal: ${HEBREW}`),
        { table: { widths: [130, '*'], body: [[printable(HEBREW), printable(ARABIC)]] } },
      ],
    };
    const lines = pdfLines(await renderPdf(definition));
    for (const passage of [ARABIC, HEBREW]) {
      const read = readsInOrder(lines, passage);
      expect(read.inOrder, `${passage.slice(0, 30)}… in ${JSON.stringify(lines)}`).toBe(true);
      expect(read.lines).toBeGreaterThan(1);
    }
    // The narrow cell holds the Hebrew passage on six lines or more, each in order.
    const cellStart = lines.findIndex((line) => line.startsWith('אני הולך לקבוצת התמיכה') && line.length < 40);
    expect(cellStart).toBeGreaterThan(-1);
    expect(readsInOrder(lines.slice(cellStart), HEBREW).lines).toBeGreaterThanOrEqual(6);
  });

  it('keeps a short right-to-left name in a left-to-right line in place', async () => {
    const lines = pdfLines(
      await renderPdf({ content: [printable('Client: דנה כהן (Dana), record 12')], defaultStyle: { fontSize: 11 } }),
    );
    expect(lines.join(' ')).toContain('דנה כהן');
    expect(lines.join(' ')).toContain('Client:');
    expect(lines.join(' ')).toContain('record 12');
  });
});

describe('a goal in Arabic and in Hebrew on the client’s plan PDF', () => {
  let server: TestServer;
  let session: Session;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
    const org = await server.addOrganization();
    session = await signIn(server, (await server.addUser(org, 'clinician')).email);
  });
  afterAll(async () => {
    await server.close();
  });

  it('prints each goal whole, in reading order, over more than one line', async () => {
    for (const passage of [ARABIC, HEBREW]) {
      const { clientId } = await clientWithAssessment(server, session);
      const draft = await draftPlan(server, session, clientId);
      const document = completed(documentOf(draft), dayFromNow(server, 60));
      const goal = document.goals[0];
      if (!goal) throw new Error('no goal');
      const saved = await savePlan(server, session, draft, { ...document, goals: [{ ...goal, text: passage }] });
      const plan = await expectJson<PlanBody>(
        await send(server, session, 'POST', `/api/v1/plans/${saved.id}/finalize`, {
          json: { version: saved.version, attestation: true },
        }),
        200,
      );
      const response = await send(server, session, 'GET', `/api/v1/plans/${plan.id}/pdf?audience=client&lang=en`);
      expect(response.status).toBe(200);
      const lines = pdfLines(await response.arrayBuffer());
      expect(linesInOrder(lines, passage), JSON.stringify(lines)).toBe(true);
    }
  });
});
