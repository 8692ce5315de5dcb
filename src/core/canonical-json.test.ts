import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';

/** The same value with every object's keys in reverse order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([key, inner]) => [key, reverseKeys(inner)]),
  );
}

describe('canonicalJson', () => {
  it('sorts keys at every depth, keeps array order and writes no whitespace', () => {
    expect(canonicalJson({ z: [{ y: 1, x: [3, 1, 2] }], a: null, m: 'text' })).toBe(
      '{"a":null,"m":"text","z":[{"x":[3,1,2],"y":1}]}',
    );
  });

  it('sorts keys by UTF-16 code unit, not by locale', () => {
    expect(canonicalJson({ b: 1, é: 2, a: 3, B: 4, _: 5 })).toBe('{"B":4,"_":5,"a":3,"b":1,"é":2}');
  });

  it('writes strings and numbers as JSON.stringify does', () => {
    expect(canonicalJson({ s: 'quote " slash \\ line\n tab\t é 🌱', n: [1.5, -0, 1e21, 0.1] })).toBe(
      `{"n":[1.5,0,1e+21,0.1],"s":${JSON.stringify('quote " slash \\ line\n tab\t é 🌱')}}`,
    );
  });

  it('leaves out keys whose value is undefined, as JSON.stringify does', () => {
    expect(canonicalJson({ b: undefined, a: 1 })).toBe('{"a":1}');
  });

  it('refuses numbers JSON cannot hold', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson([Number.POSITIVE_INFINITY])).toThrow('non-finite');
  });

  it('gives the same text whatever the key order, and parses back to the same value', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        const value: unknown = JSON.parse(text);
        const canonical = canonicalJson(value);
        expect(canonicalJson(reverseKeys(value))).toBe(canonical);
        expect(canonicalJson(JSON.parse(canonical))).toBe(canonical);
      }),
    );
  });
});
