/** Break-glass must say why in at least this many characters ("checking" is not a reason); the console's dialog asks the same. */
export const RAW_VIEW_REASON_MIN_LENGTH = 10;
export const RAW_VIEW_REASON_MAX_LENGTH = 500;
