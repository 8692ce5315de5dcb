/**
 * When two organisation names are the same name: compared in a normalised form, so a clinic cannot
 * take a name that only looks different from another's (another case, full-width letters, a
 * no-break space, doubled spaces, an invisible character). Unicode NFKC turns compatibility
 * look-alikes into their plain letters; upper- then lower-casing folds case (with ß as ss);
 * invisible format characters go; every run of spaces becomes one.
 */

/** The normalised form two names share when they are the same name. */
export function organizationNameKey(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/\p{Cf}/gu, '')
    .toUpperCase()
    .toLowerCase()
    .normalize('NFKC')
    .replace(/[\s\p{Zs}]+/gu, ' ')
    .trim();
}
