"use server";
// Server actions of /admin/endpoints: change an endpoint's policy and signature tolerance (endpoints.update: admin)
import { defineAction } from "@/server/auth/action";
import { updateEndpoint, UpdateEndpointSchema } from "@/server/endpoints/update-endpoint";

export const updateEndpointAction = defineAction("endpoints.update", UpdateEndpointSchema, (input, { audit }) => updateEndpoint(input, audit));
