import { describe, expect, it } from "vitest";
import { evidenceDiffers, formatEvidenceValue } from "./evidence";

describe("quarantine evidence", () => {
  it("marks a field as differing by value, not by identity or key order", () => {
    expect(evidenceDiffers(1000, 900)).toBe(true);
    expect(evidenceDiffers("usd", "usd")).toBe(false);
    expect(evidenceDiffers({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    expect(evidenceDiffers(null, undefined)).toBe(true);
  });

  it("shows amounts as money when the currency is known", () => {
    expect(formatEvidenceValue(1000, { field: "amount", currency: "usd" })).toBe("$10.00 (1000)");
    expect(formatEvidenceValue(1000, { field: "amount", currency: "jpy" })).toBe("¥1,000 (1000)");
    expect(formatEvidenceValue(null)).toBe("—");
    expect(formatEvidenceValue("cus_123")).toBe("cus_123");
  });
});
