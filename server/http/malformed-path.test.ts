import { describe, expect, it } from "vitest";
import { malformedPathRefusal } from "./malformed-path";

describe("malformedPathRefusal", () => {
  it("refuses a path that is not valid percent-encoding, with a JSON 400 that echoes nothing", () => {
    for (const target of ["/api/stripe/webhook/%ZZ", "/api/stripe/webhook/%C3%28", "/api/stripe/webhook/%ED%A0%80", "/events/%", "/api/v1/events/%E2%82?x=1"]) {
      const refusal = malformedPathRefusal(target);
      expect(refusal, target).toMatchObject({ status: 400, headers: { "content-type": "application/json" } });
      expect(JSON.parse(refusal!.body)).toEqual({ error: { code: "malformed_path", message: "The request path is not valid percent-encoding." } });
      expect(refusal!.body).not.toContain("%");
    }
  });

  it("lets every well-formed path through, whatever its query string", () => {
    for (const target of ["/", "/api/stripe/webhook", "/api/stripe/webhook/default", "/customers/cus_%C3%A9", "/a%20b", "/api/stripe/webhook/%00", "/events?q=%ZZ", undefined]) {
      expect(malformedPathRefusal(target), String(target)).toBeNull();
    }
  });
});
