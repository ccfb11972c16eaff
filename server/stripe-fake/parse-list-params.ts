import { FakeApiError } from "./fake-api-error";
import type { CreatedRange } from "./ordered-collection";
import type { QueryTree, QueryValue } from "./parse-stripe-query";

export const DEFAULT_LIST_LIMIT = 10;
export const MAX_LIST_LIMIT = 100;

export type ListParams = {
  limit: number;
  created: CreatedRange;
  startingAfter?: string;
  endingBefore?: string;
  /** The endpoint's own filters, as given (validated by the endpoint). */
  filters: Map<string, QueryValue>;
};

function integer(value: QueryValue, param: string): number {
  if (typeof value !== "string" || !/^-?\d{1,15}$/.test(value)) {
    throw FakeApiError.invalidRequest(`Invalid integer: ${typeof value === "string" ? value : "(a hash)"}`, param, "parameter_invalid_integer");
  }
  return Number(value);
}

function cursor(value: QueryValue, param: string): string {
  if (typeof value !== "string" || value === "") throw FakeApiError.invalidRequest(`Invalid ${param}: must be an object id.`, param);
  return value;
}

/** `created=<t>` or `created[gt|gte|lt|lte]=<t>`, narrowed to inclusive integer bounds. */
function createdRange(value: QueryValue): CreatedRange {
  if (typeof value === "string") {
    const exact = integer(value, "created");
    return { min: exact, max: exact };
  }
  const range: CreatedRange = {};
  const raise = (min: number) => (range.min = range.min === undefined ? min : Math.max(range.min, min));
  const lower = (max: number) => (range.max = range.max === undefined ? max : Math.min(range.max, max));
  for (const [operator, bound] of Object.entries(value)) {
    const param = `created[${operator}]`;
    if (operator === "gt") raise(integer(bound, param) + 1);
    else if (operator === "gte") raise(integer(bound, param));
    else if (operator === "lt") lower(integer(bound, param) - 1);
    else if (operator === "lte") lower(integer(bound, param));
    else throw FakeApiError.unknownParameter(param);
  }
  return range;
}

/**
 * The parameters every Stripe list takes (`limit` 1..100, default 10; one cursor;
 * `created`; `expand`, accepted and ignored) plus the endpoint's own `filters`. Any other
 * parameter is refused as Stripe refuses it, so a client that sends a filter the fake
 * does not implement learns it at once instead of reading a wrong list.
 */
export function parseListParams(query: QueryTree, filters: readonly string[]): ListParams {
  const params: ListParams = { limit: DEFAULT_LIST_LIMIT, created: {}, filters: new Map() };
  for (const [name, value] of Object.entries(query)) {
    if (name === "limit") params.limit = integer(value, "limit");
    else if (name === "created") params.created = createdRange(value);
    else if (name === "starting_after") params.startingAfter = cursor(value, name);
    else if (name === "ending_before") params.endingBefore = cursor(value, name);
    else if (name === "expand") continue;
    else if (filters.includes(name)) params.filters.set(name, value);
    else throw FakeApiError.unknownParameter(name);
  }
  if (params.limit < 1) throw FakeApiError.invalidRequest("This value must be greater than or equal to 1.", "limit");
  if (params.limit > MAX_LIST_LIMIT) throw FakeApiError.invalidRequest(`This value must be less than or equal to ${MAX_LIST_LIMIT}.`, "limit");
  if (params.startingAfter !== undefined && params.endingBefore !== undefined) {
    throw FakeApiError.invalidRequest("You may only specify one of these parameters: ending_before, starting_after.", "ending_before");
  }
  return params;
}
