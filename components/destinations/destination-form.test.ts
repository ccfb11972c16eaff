import { describe, expect, it } from "vitest";
import { fieldErrors } from "./destination-form";

describe("the destination form shows the domain's refusal next to the field it concerns", () => {
  it("puts each field's message by its field, an event type's by the event types field", () => {
    expect(fieldErrors({ code: "invalid_request", message: "url: …; eventTypes.1: …", fields: { url: "url must use https://", "eventTypes.1": '"in*voice" is not an event type pattern' } })).toEqual({
      url: "url must use https://",
      eventTypes: '"in*voice" is not an event type pattern',
    });
  });

  it("shows what names no field of the form (an unknown endpoint, a name taken elsewhere) as the form's error", () => {
    expect(fieldErrors({ code: "endpoint_not_found", message: 'No endpoint named "shop".' })).toEqual({ form: 'No endpoint named "shop".' });
    expect(fieldErrors({ code: "invalid_request", message: "destination: required", fields: { destination: "required" } })).toEqual({ form: "destination: required" });
  });
});
