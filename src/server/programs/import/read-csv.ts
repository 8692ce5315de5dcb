/**
 * CSV program files: the FindTreatment.gov locator export (address columns, SAMHSA's coordinates,
 * then one 1/empty flag column per service code) and the National Directory saved as CSV (codes in
 * `service_code_info`). Header names are trimmed and lower-cased: the locator export writes its
 * first header as "    name1".
 */
import type { FacilityKind, FacilityListing } from '../../../core/programs/samhsa.js';
import { SETTING_CODES, UMBRELLA_CODES } from '../../../core/programs/samhsa-codes.js';
import { parseCsv } from './csv.js';
import { splitServiceCodes } from './read-directory-xlsx.js';
import { type SourceRow, UnknownFormatError } from './source.js';

/** Columns of the locator export that are facts about the facility, not service flags. */
const LOCATOR_TEXT_COLUMNS = new Set([
  'name1',
  'name2',
  'street1',
  'street2',
  'city',
  'state',
  'zip',
  'zip4',
  'county',
  'phone',
  'intake_prompt',
  'intake1',
  'intake2',
  'intake1a',
  'intake2a',
  'website',
  'latitude',
  'longitude',
  'type_facility',
  'frid',
]);

const SETTING_COLUMNS = [...Object.keys(SETTING_CODES), ...Object.keys(UMBRELLA_CODES)].map((code) =>
  code.toLowerCase(),
);

export interface CsvProgramFile {
  format: 'locator-csv' | 'directory-csv';
  rows: SourceRow[];
}

function coordinate(text: string | undefined, limit: number): number | null | 'invalid' {
  const value = text?.trim() ?? '';
  if (value === '') return null;
  const number = Number(value);
  return Number.isFinite(number) && Math.abs(number) <= limit ? number : 'invalid';
}

/** Reads a CSV program file; throws UnknownFormatError when the header is neither format. */
export function readProgramCsv(text: string): CsvProgramFile {
  const records = parseCsv(text);
  const first = records.next();
  if (first.done) throw new UnknownFormatError('the file is empty');
  const header = first.value.fields.map((name) => name.trim().toLowerCase());
  const column = new Map(header.map((name, index) => [name, index]));
  const isDirectory = column.has('service_code_info');
  const isLocator = !isDirectory && SETTING_COLUMNS.some((code) => column.has(code));
  if (!column.has('name1') || (!isDirectory && !isLocator)) {
    throw new UnknownFormatError(
      'the CSV header has neither the locator export columns (name1 and service flags such as oit) nor the directory columns (name1 and service_code_info)',
    );
  }
  const flagColumns = header
    .map((name, index) => ({ code: name.toUpperCase(), index }))
    .filter(({ code }) => !LOCATOR_TEXT_COLUMNS.has(code.toLowerCase()) && code !== '');
  const rows: SourceRow[] = [];
  for (const record of records) {
    const { line, fields } = record;
    if (fields.length !== header.length) {
      rows.push({
        kind: 'problem',
        row: line,
        reason: `has ${fields.length} fields where the header has ${header.length}`,
      });
      continue;
    }
    const get = (name: string): string | null => {
      const index = column.get(name);
      const value = index === undefined ? undefined : fields[index]?.trim();
      return value === undefined || value === '' ? null : value;
    };
    const lat = coordinate(get('latitude') ?? undefined, 90);
    const lon = coordinate(get('longitude') ?? undefined, 180);
    if (lat === 'invalid' || lon === 'invalid') {
      rows.push({ kind: 'problem', row: line, reason: 'latitude or longitude is not a valid coordinate' });
      continue;
    }
    const type = (get('type_facility') ?? '').toUpperCase();
    const kind: FacilityKind = type === 'MH' ? 'MH' : 'SU';
    const codes = isDirectory
      ? splitServiceCodes(get('service_code_info'))
      : flagColumns.filter(({ index }) => (fields[index] ?? '').trim() === '1').map(({ code }) => code);
    const listing: FacilityListing = {
      name1: get('name1'),
      name2: get('name2'),
      street1: get('street1'),
      street2: get('street2'),
      city: get('city'),
      state: get('state'),
      zip: get('zip'),
      phone: get('phone'),
      intakePhone: get('intake1'),
      website: get('website'),
      lat,
      lon,
      kind,
      codes,
    };
    rows.push({ kind: 'listing', row: line, listing });
  }
  return { format: isDirectory ? 'directory-csv' : 'locator-csv', rows };
}
