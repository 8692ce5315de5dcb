/**
 * The key clients are searched and sorted by: the text without accents or case, so "davila" finds
 * "Dávila" and "ÅSA-7" finds "asa-7". Only the accents of Latin, Greek and Cyrillic letters go (the
 * combining diacritical marks); the vowel signs of Devanagari or the hamza of Arabic are letters
 * of the name, and stay. Folded by the application, not by SQL, so SQLite and
 * PostgreSQL (whose lower() and collations differ) store and compare the same keys.
 */
export function searchKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .normalize('NFC');
}
