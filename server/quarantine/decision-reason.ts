/** An operator's decision (release, reject, bulk actions) must say why in at least this many characters. */
export const DECISION_REASON_MIN_LENGTH = 3;
export const DECISION_REASON_MAX_LENGTH = 500;
