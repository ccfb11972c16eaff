import { z } from "zod";

export const DEFAULT_ENDPOINT = "default";

/** Endpoint names are URL slugs: /api/stripe/webhook/{name}. */
export const EndpointNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "endpoint names are 1-63 lowercase letters, digits or dashes, starting with a letter or digit");

export const WebhookSecretSchema = z
  .string()
  .regex(/^whsec_[A-Za-z0-9_]{8,}$/, "a Stripe signing secret looks like whsec_ followed by letters and digits");
