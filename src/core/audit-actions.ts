/**
 * Every action the audit log records, and what it means in words: "Opened a client's record", not
 * `client.read`. The one table for the audit log screen (its rows and its filter) and the CSV export
 * (a words column beside the code). The server and the command line can only record an action
 * named here (`AuditAction`), so a new action without words does not type-check; a test also finds
 * the actions in their source and fails on one missing here.
 */
export const AUDIT_ACTION_WORDS = {
  'auth.sign-in': 'Signed in',
  'auth.sign-out': 'Signed out',
  'user.create': 'Added a user',
  'user.update': 'Changed a user',
  'user.disable': 'Disabled a user',
  'user.enable': 'Enabled a user again',
  'user.set-password-link': 'Made a link to choose a password',
  'user.set-password': 'Chose a password with a link',
  'organization.update': 'Changed the clinic’s details',
  'organization.export': 'Exported everything the clinic holds',
  'database.backup': 'Backed up the database',
  'audit.read': 'Read the audit log',
  'audit.export': 'Exported the audit log',
  'caseload.read': 'Opened the caseload',
  'client.create': 'Added a client',
  'client.list': 'Listed or searched clients',
  'client.read': 'Opened a client’s record',
  'client.update': 'Changed a client’s details',
  'client.archive': 'Archived a client',
  'client.restore': 'Restored a client',
  'client.duplicate-check': 'Checked for a possible duplicate client',
  'assessment.create': 'Saved an assessment',
  'assessment.update': 'Revised an assessment',
  'assessment.read': 'Opened an assessment',
  'assessment.list': 'Listed a client’s assessments',
  'assessment.export.fhir': 'Exported an assessment (FHIR)',
  'plan.create': 'Started a discharge plan',
  'plan.update': 'Saved a discharge plan',
  'plan.read': 'Opened a discharge plan',
  'plan.list': 'Listed a client’s plans',
  'plan.finalize': 'Finalised a discharge plan',
  'plan.finalize.over-newer-assessment': 'Finalised a plan on an earlier assessment',
  'plan.recommendation.update': 'Took a newer recommendation into a plan',
  'plan.acknowledge': 'Recorded the client’s acknowledgement',
  'plan.export.pdf': 'Printed a plan (PDF)',
  'plan.export.fhir': 'Exported a plan (FHIR)',
  'plan.disclose.receiving': 'Gave a transition summary to a program',
  'plan.disclose.receiving.fhir': 'Gave a transition summary to a program (FHIR)',
  'plan-goal.read': 'Opened the goals of a plan',
  'plan-goal.update': 'Marked a plan goal met or not',
  'outcomes.read': 'Read the clinic’s outcomes',
  'outcomes.export': 'Exported the clinic’s outcomes (CSV)',
  'plan.share.create': 'Made the client’s private link',
  'plan.share.revoke': 'Turned off the client’s private link',
  'plan.share.view': 'The client opened their plan',
  'plan.share.acknowledge': 'The client acknowledged their plan',
  'consent.create': 'Recorded a consent to share',
  'consent.list': 'Listed a client’s consents',
  'consent.revoke': 'Revoked a consent',
  'consent.use': 'Shared records under a consent',
  'consent.disclose': 'A recipient opened what a consent shares',
  'consent.export.fhir': 'Exported a consent (FHIR)',
  'disclosures.read': 'Read who a client’s records were shared with',
  'disclosures.export.pdf': 'Printed who a client’s records were shared with',
  'referral.create': 'Referred a client to a program',
  'referral.update': 'Updated a referral',
  'referral.read': 'Opened a referral',
  'referral.list': 'Listed a client’s referrals',
  'measure.create': 'Recorded a measure',
  'measure.list': 'Listed a client’s measures',
  'measure.export.fhir': 'Exported measures (FHIR)',
  'measure-alert.acknowledge': 'Acknowledged a measure alert',
  'measure-schedule.read': 'Opened a measurement schedule',
  'measure-schedule.update': 'Changed a measurement schedule',
  'check-in-link.create': 'Made a check-in link',
  'check-in.open': 'The client opened a check-in',
  'check-in.submit': 'The client sent a check-in',
  'check-in-reminder.send': 'Sent a check-in reminder by email',
  'signal.read': 'Read a client’s signals',
  'step-signal.acknowledge': 'Marked a step signal as acted on',
  'step-signal.reassess': 'Closed a client’s step signals with a new assessment',
  'program.create': 'Listed a new program',
  'program.update': 'Changed a program',
  'program.tracks.replace': 'Changed a program’s session times',
  'program.note.set': 'Wrote the clinic’s note on a program',
  'program.note.remove': 'Removed the clinic’s note on a program',
  'programs.import': 'Imported the program directory',
  'cds.level-of-care': 'An EHR asked for a level of care',
  'cds.feedback': 'An EHR sent feedback on a card',
} as const satisfies Record<string, string>;

/** An action the audit log records: a code such as `client.read`, always with words above. */
export type AuditAction = keyof typeof AUDIT_ACTION_WORDS;

/** Whether a stored action code is one this version records (an older or newer server may have written others). */
export function isAuditAction(action: string): action is AuditAction {
  return Object.hasOwn(AUDIT_ACTION_WORDS, action);
}

/**
 * An action in words, for people: the table's words, or, for a code this version does not know
 * (written by a newer server), the code spelled out plainly ("Plan export docx").
 */
export function actionWords(action: string): string {
  if (isAuditAction(action)) return AUDIT_ACTION_WORDS[action];
  const spelled = action.replace(/[.-]+/g, ' ');
  return spelled.charAt(0).toUpperCase() + spelled.slice(1);
}
