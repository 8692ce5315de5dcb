/** What every program file reader produces: rows to map, each with where it sits in the file. */
import type { CodeReference } from '../../../core/programs/samhsa-codes.js';
import type { FacilityListing } from '../../../core/programs/samhsa.js';

export type ProgramFileFormat = 'directory-xlsx' | 'directory-csv' | 'locator-csv' | 'locator-json' | 'stepdown-json';

export const FORMAT_NAMES: Readonly<Record<ProgramFileFormat, string>> = {
  'directory-xlsx': 'SAMHSA National Directory workbook',
  'directory-csv': 'SAMHSA National Directory (CSV)',
  'locator-csv': 'FindTreatment.gov locator export (CSV)',
  'locator-json': 'FindTreatment.gov locator JSON',
  'stepdown-json': 'Stepdown programs JSON',
};

/** A row of a file: a SAMHSA listing, one of our own programs (unvalidated), or a row that is malformed. */
export type SourceRow =
  | { kind: 'listing'; row: number; listing: FacilityListing }
  | { kind: 'program'; row: number; value: unknown }
  | { kind: 'problem'; row: number; reason: string };

export interface SourceFile {
  format: ProgramFileFormat;
  /** The provenance source of SAMHSA formats; our own JSON carries its own. */
  source: 'samhsa-directory' | 'samhsa-locator' | 'stepdown';
  /** Year or date of the edition, from the option, the file name or the file itself. */
  edition: string;
  reference: CodeReference;
  /** How rows are numbered in messages: spreadsheet rows, or items of a JSON list. */
  rowNoun: 'row' | 'item';
  rows: SourceRow[];
  /** Things worth saying about the file as a whole (a missing reference sheet, say). */
  warnings: string[];
}

/** The file is none of the formats Stepdown reads. */
export class UnknownFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnknownFormatError';
  }
}

/** A year or date in a file name (`..._2023.xlsx`, `..._2025_08_19_150020.csv`), if any. */
export function editionFromName(name: string): string | undefined {
  const date = /(20\d{2})[-_](\d{2})[-_](\d{2})/.exec(name);
  if (date) return `${date[1]}-${date[2]}-${date[3]}`;
  return /(?:^|[^0-9])(20\d{2})(?:[^0-9]|$)/.exec(name)?.[1];
}
