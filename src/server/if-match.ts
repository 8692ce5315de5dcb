/**
 * If-Match on versioned saves (assessments, plans): the version the caller read must be sent back,
 * so that a save never overwrites someone else's unknowingly.
 */
import { AppError } from '../core/errors.js';

/**
 * The version a save is based on, from an If-Match header whose format IfMatchHeaders has checked.
 * Without the header the save is refused with 428, naming it.
 */
export function versionFromIfMatch(header: string | undefined): number {
  if (header === undefined) {
    throw new AppError(
      'precondition_required',
      'Send If-Match with the ETag you read, as in If-Match: "3", so a save never overwrites someone else’s.',
      [{ path: 'if-match', message: 'required: send the ETag of the version you read' }],
      'headers',
    );
  }
  return Number(header.replaceAll('"', ''));
}
