/**
 * The waiting-room poster and the page its QR code opens, on SQLite and PostgreSQL: the PDF is
 * rasterised with pdftoppm as a printer would and its QR code decoded with jsQR, which must give
 * the public start page's address and nothing else; the page opens for anyone, in English and
 * Spanish, with the crisis numbers and nothing about any client.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQRModule from 'jsqr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Organization } from '../../src/storage/records.js';
import { testDialects } from '../support/databases.js';
import { expectJson, send } from '../support/http.js';
import { type Session, signIn, startTestServer, type TestServer } from '../support/server.js';

// jsQR is CommonJS with its function as both the module and its `default`.
const jsQR = jsQRModule.default;

/** A binary PPM (P6) as RGBA pixels. */
function readPpm(bytes: Buffer): { data: Uint8ClampedArray; width: number; height: number } {
  const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(bytes.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('not a P6 PPM');
  const [width, height] = [Number(header[1]), Number(header[2])];
  const rgb = bytes.subarray(header[0].length);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0, j = 0; i < width * height; i++, j += 3) {
    data[i * 4] = rgb[j] ?? 255;
    data[i * 4 + 1] = rgb[j + 1] ?? 255;
    data[i * 4 + 2] = rgb[j + 2] ?? 255;
    data[i * 4 + 3] = 255;
  }
  return { data, width, height };
}

describe.each(testDialects())('check-in poster on %s', (dialect) => {
  let server: TestServer;
  let org: Organization;
  let clinician: Session;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    org = await server.addOrganization('Harbor Light Clinic');
    clinician = await signIn(server, (await server.addUser(org, 'clinician')).email);
    await expectJson(
      await send(server, clinician, 'POST', '/api/v1/clients', { json: { displayName: 'Poster Private Person' } }),
      201,
    );
  });
  afterAll(async () => {
    await server.close();
  });

  it('prints the clinic, both languages and a QR code that decodes to the public start page only', async () => {
    const response = await send(server, clinician, 'GET', '/api/v1/organization/check-in-poster');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await response.arrayBuffer());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const dir = mkdtempSync(join(tmpdir(), 'stepdown-poster-'));
    try {
      writeFileSync(join(dir, 'poster.pdf'), pdf);
      // In reading order, lines joined: the two languages are columns, and a title may wrap.
      const text = execFileSync('pdftotext', ['-raw', join(dir, 'poster.pdf'), '-'], { encoding: 'utf8' }).replace(
        /\s+/g,
        ' ',
      );
      expect(text).toContain('Harbor Light Clinic');
      expect(text).toContain('Check in from your phone');
      expect(text).toContain('Responda desde su teléfono');
      expect(text).toContain('988');
      expect(text).toContain(`${server.baseUrl}/check-in`);
      expect(text).not.toContain('Poster Private Person');
      execFileSync('pdftoppm', ['-r', '100', '-f', '1', '-l', '1', join(dir, 'poster.pdf'), join(dir, 'page')]);
      const image = readPpm(readFileSync(join(dir, 'page-1.ppm')));
      expect(jsQR(image.data, image.width, image.height)?.data).toBe(`${server.baseUrl}/check-in`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const anonymous = await fetch(`${server.baseUrl}/api/v1/organization/check-in-poster`);
    expect(anonymous.status).toBe(401);
  });

  it('opens the start page for anyone, in English and Spanish, with crisis help and no script', async () => {
    const response = await fetch(`${server.baseUrl}/check-in`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await response.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<section lang="es"');
    expect(html).toContain('href="tel:988"');
    expect(html).toContain('href="tel:911"');
    expect(html).toContain('Ask at the front desk for a new one.');
    expect(html).not.toMatch(/<script|style=/);
    expect(html).not.toContain('Harbor Light Clinic');
  });
});
