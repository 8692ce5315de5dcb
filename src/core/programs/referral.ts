/**
 * A referral of a client to a program, and the order its status moves in: sent, then accepted or
 * declined, then (once accepted) the first session attended or declined after all. The closed loop
 * (did the person get there?) is what discharge hand-offs lack (product-anchors 9.9).
 */

export const REFERRAL_STATUSES = ['sent', 'accepted', 'first-session-attended', 'declined'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

const NEXT: Readonly<Record<ReferralStatus, readonly ReferralStatus[]>> = {
  sent: ['accepted', 'declined'],
  accepted: ['first-session-attended', 'declined'],
  'first-session-attended': [],
  declined: [],
};

/** The statuses a referral may move to from `from`. */
export function nextReferralStatuses(from: ReferralStatus): readonly ReferralStatus[] {
  return NEXT[from];
}

/** Whether a referral may move from one status to another. */
export function canChangeReferral(from: ReferralStatus, to: ReferralStatus): boolean {
  return NEXT[from].includes(to);
}

/** Each status in words, as the workspace shows it. */
export const REFERRAL_STATUS_LABELS: Readonly<Record<ReferralStatus, string>> = {
  sent: 'Sent',
  accepted: 'Accepted',
  'first-session-attended': 'First session attended',
  declined: 'Declined',
};

/** Each status in words inside a sentence: "first session attended", not `first-session-attended`. */
export const REFERRAL_STATUS_WORDS: Readonly<Record<ReferralStatus, string>> = {
  sent: REFERRAL_STATUS_LABELS.sent.toLowerCase(),
  accepted: REFERRAL_STATUS_LABELS.accepted.toLowerCase(),
  'first-session-attended': REFERRAL_STATUS_LABELS['first-session-attended'].toLowerCase(),
  declined: REFERRAL_STATUS_LABELS.declined.toLowerCase(),
};

/**
 * One step of a referral as a sentence for the client's timeline: "Referred to Eastside IOP",
 * "Eastside IOP accepted the referral (on 2026-12-07): Intake on Tuesday".
 */
export function referralStepText(
  programName: string,
  step: { status: ReferralStatus; note: string | null; effectiveOn: string | null },
  formatDate: (date: string) => string = (date) => date,
): string {
  const what: Record<ReferralStatus, string> = {
    sent: `Referred to ${programName}`,
    accepted: `${programName} accepted the referral`,
    'first-session-attended': `Went to the first session at ${programName}`,
    declined: `Referral to ${programName} declined`,
  };
  const on = step.effectiveOn ? ` on ${formatDate(step.effectiveOn)}` : '';
  const note = step.note ? `: ${step.note}` : '';
  return `${what[step.status]}${on}${note}`;
}
