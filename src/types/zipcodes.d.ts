// The zipcodes package ships no types; this is the part of its API Stepdown uses.
declare module 'zipcodes' {
  export interface ZipCodeRecord {
    zip: string;
    latitude: number;
    longitude: number;
    city: string;
    state: string;
    country: string;
  }
  export function lookup(zip: string | number): ZipCodeRecord | undefined;
  /** Every record, by code (US ZIP codes and Canadian postal codes). */
  export const codes: Readonly<Record<string, ZipCodeRecord>>;
  const zipcodes: { lookup: typeof lookup; codes: typeof codes };
  export default zipcodes;
}
