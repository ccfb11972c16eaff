import { describe, expect, it } from "vitest";
import { formatAmount, minorUnitDigits } from "./money";

describe("formatAmount: Stripe minor units for people", () => {
  it("shows two-decimal currencies in major units", () => {
    expect(formatAmount(1234, "usd")).toBe("$12.34");
    expect(formatAmount(500, "eur")).toBe("€5.00");
    expect(formatAmount(123456789, "gbp")).toBe("£1,234,567.89");
  });

  it("does not divide zero-decimal currencies: 1200 JPY is ¥1,200, not ¥12", () => {
    expect(formatAmount(1200, "jpy")).toBe("¥1,200");
    expect(formatAmount(1200, "JPY")).toBe("¥1,200");
    expect(formatAmount(50000, "krw")).toBe("₩50,000");
    expect(minorUnitDigits("xof")).toBe(0);
  });

  it("uses three decimals for the dinars Stripe counts in thousandths", () => {
    expect(formatAmount(1234, "kwd")).toMatch(/^KWD\s1\.234$/);
    expect(minorUnitDigits("bhd")).toBe(3);
  });

  it("shows ISK without decimals although Stripe sends it in hundredths", () => {
    expect(formatAmount(100000, "isk")).toMatch(/^ISK\s1,000$/);
  });

  it("tells dollars apart: CAD is not USD", () => {
    expect(formatAmount(1000, "cad")).toBe("CA$10.00");
  });

  it("keeps the sign of refunds and the zero amount", () => {
    expect(formatAmount(-250, "usd")).toBe("-$2.50");
    expect(formatAmount(0, "usd")).toBe("$0.00");
  });

  it("still shows the number when the currency code is not ISO 4217", () => {
    expect(formatAmount(1234, "zz1")).toBe("12.34 ZZ1");
  });
});
