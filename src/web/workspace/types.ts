/** Shapes the workspace reads from the API (the server's presenters are the source of truth). */
import type { AssessmentInput } from '../../core/assessment.js';
import type { Recommendation } from '../../core/recommendation.js';

export interface User {
  id: string;
  organizationId: string;
  email: string;
  displayName: string;
  role: 'admin' | 'clinician';
}

export interface SessionInfo {
  user: User;
  csrfToken: string;
}

/** Which clients the list shows by archive state (the API's `archived` query parameter). */
export type ArchivedFilter = 'exclude' | 'include' | 'only';

export interface Client {
  id: string;
  displayName: string;
  externalRef: string | null;
  birthYear: number | null;
  preferredLanguage: 'en' | 'es';
  archived: boolean;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface StoredAssessment {
  id: string;
  clientId: string;
  version: number;
  assessment: AssessmentInput;
  recommendation: Recommendation;
  ruleset: { id: string; version: string; hash: string };
  createdBy: string;
  createdAt: string;
}
