import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { locateJsonSyntaxError } from './json-syntax.js';

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('locateJsonSyntaxError', () => {
  it.each([
    ['an object', '{"a":[1,-2.5e-3,true,false,null,"x\\u00e9\\n\\"\\\\\\/"],"b":{}}'],
    ['a bare number with spaces around it', ' \t\r\n 42 \n'],
    ['an empty list', '[]'],
    ['text with characters outside ASCII', '"Recuperación 🌱"'],
  ])('returns null for valid JSON: %s', (_, text) => {
    expect(parses(text)).toBe(true);
    expect(locateJsonSyntaxError(text)).toBeNull();
  });

  it.each([
    ['a trailing comma', '{"a": 1,}', 1, 9, 'expected a field name in double quotes, found "}"'],
    ['a misspelt literal on line 2', '{\n  "a": tru\n}', 2, 8, 'expected a value, found "t"'],
    [
      'a doubled comma on line 3',
      '{\n  "schema": "x",\n  "ratings": {"d1": 0,, }\n}',
      3,
      23,
      'expected a field name in double quotes, found ","',
    ],
    ['a missing colon', '{"a" 1}', 1, 6, 'expected ":" after the field name, found "1"'],
    ['a missing comma in a list', '[1 2]', 1, 4, 'expected "," or "]", found "2"'],
    ['a missing comma in an object', '{"a":1 "b":2}', 1, 8, 'expected "," or "}", found "\\""'],
    ['an unclosed string', '"abc', 1, 5, 'expected a closing quote, but the text ended'],
    [
      'a line break inside a string',
      '"a\nb"',
      1,
      3,
      'expected the string to close before the end of the line, found "\\n"',
    ],
    ['a bad escape', '"\\x"', 1, 3, 'expected a valid escape after \\, found "x"'],
    ['a short unicode escape', '"\\u12G4"', 1, 3, 'expected four hex digits after \\u, found "u"'],
    ['a leading zero', '01', 1, 2, 'expected the end of the document, found "1"'],
    ['a lone minus', '-', 1, 1, 'expected a value, found "-"'],
    ['single quotes', "{'a': 1}", 1, 2, 'expected a field name in double quotes, found "\'"'],
    ['empty text', '', 1, 1, 'expected a value, but the text ended'],
    ['a document cut short', '{"a": [1, 2', 1, 12, 'expected "," or "]", but the text ended'],
    ['two documents', '{} {}', 1, 4, 'expected the end of the document, found "{"'],
    ['Windows line ends', '{\r\n"a":,\r\n}', 2, 5, 'expected a value, found ","'],
  ])('locates %s', (_, text, line, column, message) => {
    expect(parses(text)).toBe(false);
    expect(locateJsonSyntaxError(text)).toEqual({ line, column, message });
  });

  it('stops at nesting deeper than 512 instead of overflowing the stack', () => {
    const text = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(locateJsonSyntaxError(text)).toEqual({ line: 1, column: 514, message: 'nesting is too deep, found "["' });
  });

  it('skips a leading byte order mark', () => {
    expect(locateJsonSyntaxError('\uFEFF{"a":1}')).toBeNull();
    expect(locateJsonSyntaxError('\uFEFF{"a":}')).toEqual({
      line: 1,
      column: 7,
      message: 'expected a value, found "}"',
    });
  });

  it('agrees with JSON.parse on which texts are valid', () => {
    // Valid documents, and the same documents with one character removed or inserted.
    const edited = fc
      .tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '"', '{', '}', '[', ']', ':', '\\', 'x', ' ', '\n', '0'))
      .map(([json, at, insert]) => {
        const i = at % (json.length + 1);
        return insert === '' ? json.slice(0, i) + json.slice(i + 1) : json.slice(0, i) + insert + json.slice(i);
      });
    fc.assert(
      fc.property(fc.oneof(fc.json(), edited), (text) => {
        expect(locateJsonSyntaxError(text) === null).toBe(parses(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('points inside the text, at a line and column that exist', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('{', '}', '"', 'a', '1', ':', ',', '\n', ' ') }), (text) => {
        const problem = locateJsonSyntaxError(text);
        if (problem === null) return;
        const lines = text.split('\n');
        expect(problem.line).toBeGreaterThanOrEqual(1);
        expect(problem.line).toBeLessThanOrEqual(lines.length);
        expect(problem.column).toBeGreaterThanOrEqual(1);
        expect(problem.column).toBeLessThanOrEqual((lines[problem.line - 1] ?? '').length + 1);
      }),
      { numRuns: 1000 },
    );
  });
});
