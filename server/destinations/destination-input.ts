import { z } from "zod";
import { RequiredReasonSchema } from "../quarantine/decision-reason";
import { destinationUrlProblem } from "./destination-address";
import { eventTypePatternProblem, MAX_PATTERNS } from "./event-type-patterns";

export const DestinationNameSchema = z
  .string({ error: "a destination needs a name" })
  .trim()
  .min(1, "a destination needs a name")
  .max(60, "a destination's name is at most 60 characters")
  .regex(/^[a-z0-9][a-z0-9_-]*$/, "a destination's name is lower-case letters, digits, - and _ (starting with a letter or digit)");

/** A form's checkbox or select sends text; the API sends a boolean. */
const FlagSchema = z.preprocess((value) => (value === "true" || value === "on" ? true : value === "false" || value === "off" ? false : value), z.boolean({ error: "must be true or false" }));

/** Patterns as a list, or as text separated by commas, spaces or new lines (a form's text area, a CLI flag). */
export const EventTypesSchema = z.preprocess(
  (value) => (typeof value === "string" ? value.split(/[\s,]+/).filter((item) => item !== "") : value),
  z
    .array(z.string({ error: "eventTypes is a list of event types or patterns" }), { error: "eventTypes is a list of event types or patterns, such as invoice.paid, payment_intent.* or *" })
    .min(1, "eventTypes needs at least one type or pattern (* forwards every processed event)")
    .max(MAX_PATTERNS, `eventTypes is at most ${MAX_PATTERNS} patterns`)
    .superRefine((patterns, ctx) => {
      for (const pattern of patterns) {
        const problem = eventTypePatternProblem(pattern);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }
    })
    .transform((patterns) => [...new Set(patterns)]),
);

const UrlSchema = z.string({ error: "url is required: the HTTPS address of your app's webhook route" }).trim().max(2_000, "url is at most 2000 characters");

/** Which destination: its id, or `endpoint/name` (or its name alone when no other endpoint has a destination of that name). */
export const DestinationRefSchema = z.string({ error: "destination is required: its id or endpoint/name" }).trim().min(1, "destination is required: its id or endpoint/name").max(130);

export const CreateDestinationSchema = z
  .object({
    endpoint: z.string({ error: "endpoint is required: the endpoint whose events are forwarded" }).trim().min(1, "endpoint is required").max(100).default("default"),
    name: DestinationNameSchema,
    url: UrlSchema,
    eventTypes: EventTypesSchema,
    forwardReleased: FlagSchema.default(false),
    allowInternal: FlagSchema.default(false),
  })
  .superRefine((input, ctx) => {
    const problem = destinationUrlProblem(input.url, input.allowInternal);
    if (problem) ctx.addIssue({ code: "custom", path: ["url"], message: `url ${problem}` });
  });
export type CreateDestination = z.input<typeof CreateDestinationSchema>;

/** A change: only the fields given change. */
export const UpdateDestinationSchema = z.object({
  destination: DestinationRefSchema,
  url: z.preprocess((value) => (value === "" ? undefined : value), UrlSchema.optional()),
  eventTypes: EventTypesSchema.optional(),
  forwardReleased: FlagSchema.optional(),
  allowInternal: FlagSchema.optional(),
});
export type UpdateDestination = z.input<typeof UpdateDestinationSchema>;

export const DestinationReasonSchema = z.object({ destination: DestinationRefSchema, reason: RequiredReasonSchema });
export type DestinationReason = z.input<typeof DestinationReasonSchema>;

export const RetryDeliveriesSchema = z
  .object({
    destination: DestinationRefSchema,
    reason: RequiredReasonSchema,
    /** Deliveries written from this instant (inclusive) to `to` (exclusive); both optional. */
    from: z.coerce.date({ error: "from must be a date and time, such as 2026-11-29T10:00:00Z" }).optional(),
    to: z.coerce.date({ error: "to must be a date and time, such as 2026-11-29T12:00:00Z" }).optional(),
    /** `dead` (the default), or `failing`: pending deliveries with at least one failed attempt, tried again now. */
    which: z.enum(["dead", "failing"], { error: "which is dead (the default) or failing" }).default("dead"),
  })
  .refine((input) => !input.from || !input.to || input.from < input.to, { path: ["to"], message: "to must be after from" });
export type RetryDeliveries = z.input<typeof RetryDeliveriesSchema>;
