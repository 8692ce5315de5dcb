/** Who is signed in, for the screens that word things by it ("you saved this in another tab"). */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { UserResponse } from '../../core/api/auth.js';

export const SessionUser = createContext<UserResponse | null>(null);

export function useSessionUser(): UserResponse | null {
  return useContext(SessionUser);
}
