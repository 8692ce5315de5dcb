/** FHIR R4 search results: a searchset Bundle whose every entry is a match. */
import type { Bundle, FhirResource } from 'fhir/r4.js';

/**
 * The Bundle answering a search that returned `resources` (all of them: no paging). `base` is the
 * server's FHIR base address (`https://host/fhir/R4`); `self` is the search as understood.
 */
export function searchsetOf(resources: readonly FhirResource[], base: string, self: string): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: resources.length,
    link: [{ relation: 'self', url: self }],
    // FHIR forbids empty arrays: no entry element when nothing matched.
    ...(resources.length === 0
      ? {}
      : {
          entry: resources.map((resource) => ({
            fullUrl: `${base}/${resource.resourceType}/${resource.id ?? ''}`,
            resource,
            search: { mode: 'match' as const },
          })),
        }),
  };
}
