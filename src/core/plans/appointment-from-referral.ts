/**
 * An appointment filled in from an accepted referral: the program's name, address and intake phone
 * from the directory, the date and time agreed with the program, and the referral it came from.
 */
import type { Program } from '../programs/program.js';
import type { Appointment } from './plan-schema.js';

/** The program's address on one line ("12 Main Street, Springfield, MA 01103"), or ''. */
export function programAddress(location: Program['location']): string {
  const street = [location.street1, location.street2].filter((part) => part !== null && part.trim() !== '');
  const place = [location.city, [location.state, location.zip].filter((part) => part !== null).join(' ')]
    .filter((part) => part !== null && part.trim() !== '')
    .join(', ');
  return [...street, place]
    .filter((part) => part !== '')
    .join(', ')
    .slice(0, 200);
}

/** The first appointment at a program the client was referred to and accepted by. */
export function appointmentFromReferral(
  program: Pick<Program, 'name' | 'setting' | 'location' | 'contact'>,
  referralId: string,
  startsAt: string,
): Appointment {
  return {
    kind: program.setting === 'withdrawal-management' ? 'withdrawal-management' : 'program-intake',
    with: program.name.slice(0, 200),
    address: programAddress(program.location),
    phone: (program.contact.intakePhone ?? program.contact.phone ?? '').slice(0, 200),
    startsAt,
    referralId,
  };
}
