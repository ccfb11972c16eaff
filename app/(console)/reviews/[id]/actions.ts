"use server";
// Server actions of /reviews/{id}: confirm or dismiss the review with a reason (reviews.confirm, reviews.dismiss: operator and up);
// release or reject one event a confirmed review holds, with a reason (reviews.release_event, reviews.reject_event: operator and up)
import { z } from "zod";
import { defineAction } from "@/server/auth/action";
import { decideHeldEvent } from "@/server/gatekeeper/fraud/decide-held-event";
import { decideReview } from "@/server/gatekeeper/fraud/decide-review";

const ReviewInputSchema = z.object({ id: z.string().min(1, "id is required"), reason: z.string({ error: "reason is required" }) });
const HeldEventInputSchema = ReviewInputSchema.extend({ eventId: z.string().min(1, "eventId is required") });

export const confirmReviewAction = defineAction("reviews.confirm", ReviewInputSchema, ({ id, reason }, { audit }) => decideReview(id, "confirm", { reason }, audit));

export const dismissReviewAction = defineAction("reviews.dismiss", ReviewInputSchema, ({ id, reason }, { audit }) => decideReview(id, "dismiss", { reason }, audit));

export const releaseHeldEventAction = defineAction("reviews.release_event", HeldEventInputSchema, ({ id, eventId, reason }, { audit }) =>
  decideHeldEvent(id, { ledgerId: eventId }, "release", { reason }, audit),
);

export const rejectHeldEventAction = defineAction("reviews.reject_event", HeldEventInputSchema, ({ id, eventId, reason }, { audit }) =>
  decideHeldEvent(id, { ledgerId: eventId }, "reject", { reason }, audit),
);
