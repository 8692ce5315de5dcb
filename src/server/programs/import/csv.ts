/**
 * A small RFC 4180 CSV reader: quoted fields may hold commas, quotes ("") and line breaks. Each
 * record carries the line it starts on, so a bad row is reported where a person will find it.
 */

export interface CsvRecord {
  /** 1-based line number where the record starts. */
  line: number;
  fields: string[];
}

/** Splits CSV text into records; a byte order mark is dropped, blank lines are skipped. */
export function* parseCsv(text: string): Generator<CsvRecord> {
  let position = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const length = text.length;
  while (position < length) {
    const startLine = line;
    const fields: string[] = [];
    let field = '';
    let atRecordEnd = false;
    while (!atRecordEnd) {
      if (text[position] === '"') {
        position++;
        for (;;) {
          if (position >= length) break;
          const char = text[position] as string;
          if (char === '"') {
            if (text[position + 1] === '"') {
              field += '"';
              position += 2;
              continue;
            }
            position++;
            break;
          }
          if (char === '\n') line++;
          field += char;
          position++;
        }
      }
      // Unquoted part (or whatever follows a closing quote, kept as written).
      while (position < length) {
        const char = text[position] as string;
        if (char === ',' || char === '\n' || char === '\r') break;
        field += char;
        position++;
      }
      fields.push(field);
      field = '';
      const char = text[position];
      if (char === ',') {
        position++;
      } else {
        if (char === '\r') position++;
        if (text[position] === '\n') position++;
        line++;
        atRecordEnd = true;
      }
    }
    if (fields.length === 1 && fields[0] === '') continue;
    yield { line: startLine, fields };
  }
}
