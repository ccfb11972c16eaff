export type StripeErrorBody = {
  type: "invalid_request_error" | "api_error" | "rate_limit_error" | "authentication_error" | "not_found";
  code?: "resource_missing" | "rate_limit" | "not_found" | "parameter_unknown" | "parameter_invalid_integer";
  message: string;
  param?: string;
};

/**
 * A refusal in Stripe's wire format: the status and the `error` object Stripe answers
 * with. stripe-node picks its error class from the status (and, on v2 paths, the
 * type), so the status is what callers' `instanceof` checks depend on.
 */
export class FakeApiError extends Error {
  readonly status: number;
  readonly body: StripeErrorBody;

  constructor(status: number, body: StripeErrorBody) {
    super(body.message);
    this.name = "FakeApiError";
    this.status = status;
    this.body = body;
  }

  static invalidRequest(message: string, param?: string, code?: StripeErrorBody["code"]): FakeApiError {
    return new FakeApiError(400, { type: "invalid_request_error", ...(code ? { code } : {}), message, ...(param ? { param } : {}) });
  }

  static unknownParameter(param: string): FakeApiError {
    return FakeApiError.invalidRequest(`Received unknown parameter: ${param}`, param, "parameter_unknown");
  }

  static resourceMissing(objectName: string, id: string, param = "id"): FakeApiError {
    return new FakeApiError(404, { type: "invalid_request_error", code: "resource_missing", message: `No such ${objectName}: '${id}'`, param });
  }

  /** What a scripted fault, or the rate limiter, answers: the body Stripe sends with that status. */
  static fault(status: 404 | 429 | 500 | 503, pathname: string): FakeApiError {
    if (status === 429) {
      return new FakeApiError(429, { type: "rate_limit_error", code: "rate_limit", message: "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits." });
    }
    if (status === 404) {
      const id = pathname.slice(pathname.lastIndexOf("/") + 1);
      if (pathname.startsWith("/v2/")) return new FakeApiError(404, { type: "not_found", code: "not_found", message: `The resource ${id} was not found.` });
      return FakeApiError.resourceMissing("object", id);
    }
    const message = status === 503 ? "Stripe is temporarily unavailable. Please try again later." : "An unknown error occurred while processing your request.";
    return new FakeApiError(status, { type: "api_error", message });
  }

  static unrecognizedUrl(method: string, path: string): FakeApiError {
    return new FakeApiError(404, {
      type: "invalid_request_error",
      message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    });
  }
}
