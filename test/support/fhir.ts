/** FHIR R4 validation for tests, with FHIR.js. */
import { Fhir } from 'fhir';

const fhir = new Fhir();

/** Validation messages of FHIR.js, as "location: message" lines (empty when valid). */
export function fhirErrors(resource: object): string[] {
  return fhir
    .validate(resource, { errorOnUnexpected: true })
    .messages.filter((message) => ['error', 'fatal'].includes(String(message.severity)))
    .map((message) => `${message.location ?? ''}: ${message.message ?? ''}`);
}
