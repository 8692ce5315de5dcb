/** The interface words: valid, and the same keys in English and Spanish. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UiStringsSchema } from '../../src/core/decision-aid/content-schema.js';

const read = (lang: string): unknown => JSON.parse(readFileSync(`content/${lang}/ui.json`, 'utf8'));

describe('content/<lang>/ui.json', () => {
  it('is a flat object of non-empty strings in both languages', () => {
    for (const lang of ['en', 'es']) expect(UiStringsSchema.safeParse(read(lang)).success, lang).toBe(true);
  });

  it('has the same keys in English and Spanish, and the same {placeholders} in each string', () => {
    const en = UiStringsSchema.parse(read('en'));
    const es = UiStringsSchema.parse(read('es'));
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, text] of Object.entries(en)) expect(placeholders(es[key] ?? ''), key).toEqual(placeholders(text));
  });
});
