/** Password hashing with Argon2id (OWASP's first choice), via the Rust binding that runs here. */
import { hash, verify, type Options } from '@node-rs/argon2';

/** Argon2id is algorithm 2 in the binding (its enum is a const enum, which cannot be imported here). */
const ARGON2ID = 2 as Options['algorithm'];
const OPTIONS: Options = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash is a failed sign-in, never a crash.
    return false;
  }
}

/**
 * A hash of a random password, verified when the email is unknown, so a sign-in for a missing
 * account takes as long as one for a real account (no enumeration by timing).
 */
export function decoyHash(): Promise<string> {
  return hash(`decoy-${Math.random()}-${Date.now()}`, OPTIONS);
}
