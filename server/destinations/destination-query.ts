import { AppError } from "../errors";
import { DELIVERY_STATUSES, type DeliveryStatus } from "./destination-states";

/** A destination named in a URL path: its id or name, with `?endpoint=` to say whose when names repeat. */
export function destinationRefFrom(pathPart: string, url: URL): string {
  const endpoint = url.searchParams.get("endpoint");
  return endpoint ? `${endpoint}/${pathPart}` : pathPart;
}

/** The `status` filter of a deliveries list, checked: one of the delivery statuses, or none. */
export function deliveryStatusFilter(value: string | null): DeliveryStatus | undefined {
  if (value === null || value === "") return undefined;
  if (!(DELIVERY_STATUSES as readonly string[]).includes(value)) throw new AppError("invalid_request", `status must be one of ${DELIVERY_STATUSES.join(", ")} (got "${value.slice(0, 40)}")`, { fields: { status: "unknown status" } });
  return value as DeliveryStatus;
}
