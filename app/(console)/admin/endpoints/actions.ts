"use server";
// Server actions of /admin/endpoints: change an endpoint's policy, tolerance, thin mode and confirm-with-source types
// (endpoints.update: admin); set or remove its Stripe API key (endpoints.set_stripe_key: admin)
import { defineAction } from "@/server/auth/action";
import { setEndpointStripeKey, SetStripeKeySchema } from "@/server/endpoints/set-endpoint-stripe-key";
import { updateEndpoint, UpdateEndpointSchema } from "@/server/endpoints/update-endpoint";

export const updateEndpointAction = defineAction("endpoints.update", UpdateEndpointSchema, (input, { audit }) => updateEndpoint(input, audit));

export const setEndpointStripeKeyAction = defineAction("endpoints.set_stripe_key", SetStripeKeySchema, (input, { audit }) => setEndpointStripeKey(input, audit));
