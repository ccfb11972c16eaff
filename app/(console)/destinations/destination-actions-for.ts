import type { DestinationActionSet } from "@/components/destinations/destination-action-set";
import { permits } from "@/server/auth/permissions";
import type { Role } from "@/server/auth/roles";
import {
  createDestinationAction,
  deleteDestinationAction,
  pauseDestinationAction,
  resumeDestinationAction,
  retryDestinationDeliveriesAction,
  rotateDestinationSecretAction,
  updateDestinationAction,
} from "./actions";

/** The destination actions this role may take: the others are never sent to the browser (the server checks each call again anyway). */
export function destinationActionsFor(role: Role): DestinationActionSet {
  return {
    create: permits(role, "destinations.create") ? createDestinationAction : undefined,
    update: permits(role, "destinations.update") ? updateDestinationAction : undefined,
    remove: permits(role, "destinations.delete") ? deleteDestinationAction : undefined,
    rotate: permits(role, "destinations.rotate_secret") ? rotateDestinationSecretAction : undefined,
    pause: permits(role, "destinations.pause") ? pauseDestinationAction : undefined,
    resume: permits(role, "destinations.resume") ? resumeDestinationAction : undefined,
    retry: permits(role, "destinations.retry") ? retryDestinationDeliveriesAction : undefined,
  };
}
