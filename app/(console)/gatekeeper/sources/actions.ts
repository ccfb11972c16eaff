"use server";
// Server actions of /gatekeeper/sources (admin): edit Stripe's address list, refresh it from Stripe, lift a block, set an endpoint's source policy
import { z } from "zod";
import { defineAction } from "@/server/auth/action";
import { addSourceAddress, AddSourceAddressSchema } from "@/server/gatekeeper/sources/add-source-address";
import { liftSourceBlock, LiftSourceBlockSchema } from "@/server/gatekeeper/sources/lift-source-block";
import { refreshSourceAddresses } from "@/server/gatekeeper/sources/refresh-source-addresses";
import { removeSourceAddress, RemoveSourceAddressSchema } from "@/server/gatekeeper/sources/remove-source-address";
import { setSourcePolicy, SetSourcePolicySchema } from "@/server/gatekeeper/sources/set-source-policy";

/** The console asks why for every change of the list (the audit log keeps it). */
const reason = z.string().trim().min(3, "say why, in a few words").max(500, "reason is at most 500 characters");

export const addSourceAddressAction = defineAction("gatekeeper.edit_sources", AddSourceAddressSchema, (input, { audit }) => addSourceAddress(input, audit));

export const removeSourceAddressAction = defineAction("gatekeeper.edit_sources", RemoveSourceAddressSchema.extend({ reason }), (input, { audit }) => removeSourceAddress(input, audit));

export const refreshSourceAddressesAction = defineAction("gatekeeper.edit_sources", z.object({ reason }), (input, { audit }) => refreshSourceAddresses(input, audit));

export const liftSourceBlockAction = defineAction("gatekeeper.lift_block", LiftSourceBlockSchema, (input, { audit }) => liftSourceBlock(input, audit));

export const setSourcePolicyAction = defineAction("gatekeeper.set_source_policy", SetSourcePolicySchema.extend({ reason }), (input, { audit }) => setSourcePolicy(input, audit));
