import { describe, expect, it } from 'vitest';
import { sha256Hex, sha256OfText } from './sha256.js';

/**
 * The reference: the platform's own SHA-256 (Node's crypto module behind the Web Crypto API, which
 * core tests may use because core must not import node:*).
 */
async function referenceHex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

describe('sha256OfText', () => {
  it.each([
    ['the empty string', '', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['"abc"', 'abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    [
      'the 448-bit FIPS message',
      'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    ],
    ['1,000,000 times "a"', 'a'.repeat(1_000_000), 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0'],
  ])('matches the published digest of %s', (_, text, digest) => {
    expect(sha256OfText(text)).toBe(digest);
  });

  it('hashes multi-byte UTF-8 as its bytes, like the platform does', async () => {
    const text = 'Recuperación — 回復 — 🌱 café naïve';
    expect(sha256OfText(text)).toBe(await referenceHex(new TextEncoder().encode(text)));
    // Hashing the UTF-16 code units instead would give another digest.
    expect(sha256OfText(text)).not.toBe(sha256OfText(text.normalize('NFD')));
  });

  it('agrees with the platform at every padding boundary', async () => {
    // 55, 56 and 64 bytes are where the length field moves into a second block.
    for (const length of [1, 54, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129]) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 31 + 7) % 256);
      expect(sha256Hex(bytes), `length ${length}`).toBe(await referenceHex(bytes));
    }
  });
});
