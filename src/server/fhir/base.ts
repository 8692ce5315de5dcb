/**
 * Where Stepdown's own FHIR definitions (code systems, extensions, the assessment Questionnaire)
 * are named. `.invalid` is a reserved name that never resolves (RFC 2606): an honest placeholder
 * until the definitions are published at an address of their own.
 */
export const FHIR_BASE = 'https://stepdown.invalid/fhir';

/** The media type of FHIR JSON (R4). */
export const FHIR_JSON = 'application/fhir+json; fhirVersion=4.0';
