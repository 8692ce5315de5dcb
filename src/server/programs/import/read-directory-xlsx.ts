/**
 * SAMHSA's National Directory workbook: sheet "Facilities List" (one row per facility, services in
 * `service_code_info`) and sheet "Service Code Reference" (the codes that edition uses). Headers
 * are matched without regard to case or surrounding spaces: 2022 writes `name1`, 2023 `Name1`.
 */
import ExcelJS from 'exceljs';
import { buildCodeReference, type CodeReference, type ServiceCode } from '../../../core/programs/samhsa-codes.js';
import type { FacilityKind } from '../../../core/programs/samhsa.js';
import { type SourceRow, UnknownFormatError } from './source.js';

const FACILITIES_SHEET = 'facilities list';
const REFERENCE_SHEET = 'service code reference';

/** The text of a cell, whatever exceljs made of it (rich text, hyperlink, formula, number). */
export function cellText(value: ExcelJS.CellValue): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if ('richText' in value) return cellText(value.richText.map((part) => part.text).join(''));
  if ('text' in value && typeof value.text === 'string') return cellText(value.text);
  if ('result' in value) return cellText(value.result ?? null);
  return null;
}

function sheetNamed(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet | undefined {
  return workbook.worksheets.find((sheet) => sheet.name.trim().toLowerCase() === name);
}

/** Column numbers by lower-cased header name. */
function headerColumns(sheet: ExcelJS.Worksheet): Map<string, number> {
  const columns = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, column) => {
    const name = cellText(cell.value)?.toLowerCase();
    if (name) columns.set(name, column);
  });
  return columns;
}

function readReference(workbook: ExcelJS.Workbook): CodeReference | undefined {
  const sheet = sheetNamed(workbook, REFERENCE_SHEET);
  if (!sheet) return undefined;
  const columns = headerColumns(sheet);
  const code = columns.get('service_code');
  const category = columns.get('category_code');
  const name = columns.get('service_name');
  if (code === undefined || category === undefined || name === undefined) return undefined;
  const entries: ServiceCode[] = [];
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    const entry = {
      code: cellText(row.getCell(code).value) ?? '',
      category: cellText(row.getCell(category).value) ?? '',
      name: cellText(row.getCell(name).value) ?? '',
    };
    if (entry.code) entries.push(entry);
  });
  return entries.length > 0 ? buildCodeReference(entries) : undefined;
}

/** Splits `SA DT SUMH * OP OIT * MD PI` into codes. */
export function splitServiceCodes(text: string | null): string[] {
  return (text ?? '').split(/[\s*]+/).filter((code) => code !== '');
}

export interface DirectoryWorkbook {
  reference: CodeReference | undefined;
  kind: FacilityKind;
  rows: SourceRow[];
  created: Date | undefined;
}

/** The columns a facility row must have for us to read it. */
const REQUIRED = ['name1', 'street1', 'city', 'state', 'zip', 'service_code_info'];

/** Reads a directory workbook from its bytes. */
export async function readDirectoryWorkbook(bytes: Uint8Array): Promise<DirectoryWorkbook> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new UnknownFormatError('the file looks like a workbook (.xlsx) but cannot be opened as one');
  }
  const facilities = sheetNamed(workbook, FACILITIES_SHEET);
  if (!facilities) {
    throw new UnknownFormatError(
      `the workbook has no "Facilities List" sheet (it has: ${workbook.worksheets.map((s) => `"${s.name}"`).join(', ')}), so it is not a SAMHSA National Directory`,
    );
  }
  const columns = headerColumns(facilities);
  const missing = REQUIRED.filter((name) => !columns.has(name));
  if (missing.length > 0) {
    throw new UnknownFormatError(`the "Facilities List" sheet lacks the columns ${missing.join(', ')}`);
  }
  const reference = readReference(workbook);
  // The mental health directory's reference defines type of care "MH"; the substance use one does not.
  const kind: FacilityKind = reference?.codes.has('MH') ? 'MH' : 'SU';
  const get = (row: ExcelJS.Row, name: string): string | null => {
    const column = columns.get(name);
    return column === undefined ? null : cellText(row.getCell(column).value);
  };
  const rows: SourceRow[] = [];
  facilities.eachRow((row, number) => {
    if (number === 1) return;
    rows.push({
      kind: 'listing',
      row: number,
      listing: {
        name1: get(row, 'name1'),
        name2: get(row, 'name2'),
        street1: get(row, 'street1'),
        street2: get(row, 'street2'),
        city: get(row, 'city'),
        state: get(row, 'state'),
        zip: get(row, 'zip'),
        phone: get(row, 'phone'),
        intakePhone: get(row, 'intake1'),
        website: get(row, 'website'),
        lat: null,
        lon: null,
        kind,
        codes: splitServiceCodes(get(row, 'service_code_info')),
      },
    });
  });
  return { reference, kind, rows, created: workbook.created };
}
