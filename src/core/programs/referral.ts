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
