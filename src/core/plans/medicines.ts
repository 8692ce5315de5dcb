/**
 * Which medicine for addiction a medication line names, from the words a clinician writes
 * ("Suboxone 8 mg film", "methadone 80 mg at the OTP"). Brand names map to their medicine; a line
 * that names none of them is another medicine.
 */
import type { Moud } from '../programs/program.js';
import type { MedicationPurpose } from './vocabulary.js';

export type AddictionMedicine = Moud | 'acamprosate' | 'disulfiram';

const WORDS: ReadonlyArray<readonly [AddictionMedicine, RegExp]> = [
  ['buprenorphine', /bupren|suboxone|subutex|zubsolv|sublocade|brixadi|belbuca/i],
  ['methadone', /methadon|dolophine|methadose/i],
  ['naltrexone', /naltrex|vivitrol|revia/i],
  ['acamprosate', /acampros|campral/i],
  ['disulfiram', /disulfir|antabuse/i],
];

/** The medicine for addiction a name refers to, or undefined. */
export function addictionMedicineOf(name: string): AddictionMedicine | undefined {
  return WORDS.find(([, pattern]) => pattern.test(name))?.[0];
}

/** The medication for opioid use disorder a name refers to (the three the directory codes), or undefined. */
export function moudOf(name: string): Moud | undefined {
  const medicine = addictionMedicineOf(name);
  return medicine === 'buprenorphine' || medicine === 'methadone' || medicine === 'naltrexone' ? medicine : undefined;
}

/**
 * The medicines for opioid use disorder a program must keep for this plan's client: each one the
 * plan's medications name, once, in the plan's order, except those stopped at discharge. The
 * referral search sends these as `needs.medications`.
 */
export function medicationsToKeep(medications: ReadonlyArray<{ name: string; course?: string | undefined }>): Moud[] {
  const kept: Moud[] = [];
  for (const medication of medications) {
    if (medication.course === 'stop') continue;
    const moud = moudOf(medication.name);
    if (moud !== undefined && !kept.includes(moud)) kept.push(moud);
  }
  return kept;
}

/**
 * What a medicine is usually for. Naltrexone treats both; it is read as for opioid use disorder
 * when the person uses opioids, since stopping it then brings back overdose risk.
 */
export function purposeOf(name: string, usesOpioids = true): MedicationPurpose {
  switch (addictionMedicineOf(name)) {
    case 'buprenorphine':
    case 'methadone':
      return 'opioid-use-disorder';
    case 'naltrexone':
      return usesOpioids ? 'opioid-use-disorder' : 'alcohol-use-disorder';
    case 'acamprosate':
    case 'disulfiram':
      return 'alcohol-use-disorder';
    case undefined:
      return 'other';
  }
}
