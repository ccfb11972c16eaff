/**
 * Stripe amounts are integers in the currency's minor unit. Most currencies have 100 minor units;
 * Stripe's zero-decimal currencies have none (¥1,200 is `1200`), and five have 1,000.
 * Lists from Stripe's "Supported currencies" page.
 */
export const ZERO_DECIMAL_CURRENCIES = new Set(["bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"]);
export const THREE_DECIMAL_CURRENCIES = new Set(["bhd", "jod", "kwd", "omr", "tnd"]);
/** Zero-decimal for people, but Stripe keeps two decimals in the API for compatibility (always 00). */
export const TWO_DECIMAL_IN_API_ZERO_ON_SCREEN = new Set(["isk"]);

/** Digits after the decimal point in Stripe's API amount for a currency. */
export function minorUnitDigits(currency: string): 0 | 2 | 3 {
  const code = currency.toLowerCase();
  if (ZERO_DECIMAL_CURRENCIES.has(code)) return 0;
  if (THREE_DECIMAL_CURRENCIES.has(code)) return 3;
  return 2;
}

/**
 * "$12.34", "¥1,200", "KWD 1.234", "-€5.00": an amount in minor units, formatted for people.
 * The locale is fixed by default so the server and the browser render the same text.
 */
export function formatAmount(amountMinor: number, currency: string, locale: string = "en-US"): string {
  const code = currency.toUpperCase();
  const digits = minorUnitDigits(currency);
  const value = amountMinor / 10 ** digits;
  const shownDigits = TWO_DECIMAL_IN_API_ZERO_ON_SCREEN.has(currency.toLowerCase()) ? 0 : digits;
  try {
    return new Intl.NumberFormat(locale, {
      style: "currency",
      currency: code,
      currencyDisplay: "symbol",
      minimumFractionDigits: shownDigits,
      maximumFractionDigits: shownDigits,
    }).format(value);
  } catch {
    // Not an ISO 4217 code: still show the number and what Stripe called the currency.
    return `${value.toFixed(shownDigits)} ${code}`;
  }
}
