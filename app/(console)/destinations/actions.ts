"use server";
// Server actions of /destinations and /destinations/{id}: pause, resume and bulk retry (destinations.pause, .resume, .retry:
// operator and up); add, change, delete and rotate the signing secret (destinations.create, .update, .delete, .rotate_secret: admin).
// Each is the same domain call as the REST API and the CLI.
import { z } from "zod";
import { defineAction } from "@/server/auth/action";
import { createDestination } from "@/server/destinations/create-destination";
import { deleteDestination } from "@/server/destinations/delete-destination";
import { CreateDestinationSchema, DestinationReasonSchema, DestinationRefSchema, RetryDeliveriesSchema, UpdateDestinationSchema } from "@/server/destinations/destination-input";
import { pauseDestination, resumeDestination } from "@/server/destinations/pause-destination";
import { retryDestinationDeliveries } from "@/server/destinations/retry-destination-deliveries";
import { rotateDestinationSecret } from "@/server/destinations/rotate-destination-secret";
import { updateDestination } from "@/server/destinations/update-destination";

const DestinationSchema = z.object({ destination: DestinationRefSchema });

/** The signing secret comes back in this answer only: the page shows it once. */
export const createDestinationAction = defineAction("destinations.create", CreateDestinationSchema, (input, { audit }) => createDestination(input, audit));

export const updateDestinationAction = defineAction("destinations.update", UpdateDestinationSchema, (input, { audit }) => updateDestination(input, audit));

export const deleteDestinationAction = defineAction("destinations.delete", DestinationReasonSchema, (input, { audit }) => deleteDestination(input, audit));

export const pauseDestinationAction = defineAction("destinations.pause", DestinationReasonSchema, (input, { audit }) => pauseDestination(input, audit));

export const resumeDestinationAction = defineAction("destinations.resume", DestinationSchema, (input, { audit }) => resumeDestination(input, audit));

export const retryDestinationDeliveriesAction = defineAction("destinations.retry", RetryDeliveriesSchema, (input, { audit }) => retryDestinationDeliveries(input, audit));

/** The new signing secret comes back in this answer only: the page shows it once. */
export const rotateDestinationSecretAction = defineAction("destinations.rotate_secret", DestinationSchema, (input, { audit }) => rotateDestinationSecret(input, audit));
