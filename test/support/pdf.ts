/** PDFs turned back into text by pdftotext (poppler), for checks of what a reader sees. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The text of a PDF in reading order, with runs of white space made single spaces, and per page. */
export function pdfText(bytes: ArrayBuffer): { text: string; pages: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'stepdown-pdf-'));
  try {
    const file = join(dir, 'plan.pdf');
    writeFileSync(file, Buffer.from(bytes));
    const raw = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    const pages = raw
      .split('\f')
      .filter((page) => page.trim() !== '')
      .map((page) => page.replace(/\s+/g, ' '));
    return { text: raw.replace(/\s+/g, ' '), pages };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
