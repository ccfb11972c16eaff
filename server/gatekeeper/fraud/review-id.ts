import { AppError } from "../../errors";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A review item's id (a UUID); anything else is a review that does not exist. */
export function reviewIdOrThrow(id: string): string {
  if (!UUID.test(id)) throw new AppError("not_found", "No such review.");
  return id.toLowerCase();
}
