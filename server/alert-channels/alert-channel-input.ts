import { z } from "zod";
import { ALERT_SEVERITIES } from "../alerts/alert-kinds";
import { RequiredReasonSchema } from "../quarantine/decision-reason";
import { ALERT_CHANNEL_KINDS } from "./alert-channel-kinds";
import { smtpUrlProblem, webUrlProblem } from "./channel-destination";

const KIND_NAMES = Object.keys(ALERT_CHANNEL_KINDS).join(", ");
export const MAX_RECIPIENTS = 20;

export const AlertChannelNameSchema = z
  .string({ error: "a channel needs a name" })
  .trim()
  .min(1, "a channel needs a name")
  .max(60, "a channel's name is at most 60 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/, "a channel's name is letters, digits, spaces and . _ - (starting with a letter or digit)");

const MinSeveritySchema = z.enum(ALERT_SEVERITIES, { error: "minSeverity must be warning (every alert) or critical (critical alerts only)" });

/** A form's checkbox or select sends text; the API sends a boolean. */
const EnabledSchema = z.preprocess((value) => (value === "true" || value === "on" ? true : value === "false" || value === "off" ? false : value), z.boolean({ error: "enabled is true or false" }));

const WebUrlSchema = z
  .string({ error: "url is required: the Slack incoming-webhook or webhook URL" })
  .trim()
  .max(2_000, "url is at most 2000 characters")
  .superRefine((value, ctx) => {
    const problem = webUrlProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: `url ${problem}` });
  });

const SmtpUrlSchema = z
  .string({ error: "smtpUrl is required: smtp://user:password@host:587 or smtps://user:password@host:465" })
  .trim()
  .max(2_000, "smtpUrl is at most 2000 characters")
  .superRefine((value, ctx) => {
    const problem = smtpUrlProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: `smtpUrl ${problem}` });
  });

const AddressSchema = z.email({ error: "must be an e-mail address, such as alerts@example.com" }).max(254);

/** Recipients as a list, or as text separated by commas, semicolons, spaces or new lines (a form's text area). */
const RecipientsSchema = z.preprocess(
  (value) => (typeof value === "string" ? value.split(/[\s,;]+/).filter((item) => item !== "") : value),
  z
    .array(AddressSchema, { error: "to is a list of e-mail addresses" })
    .min(1, "to needs at least one e-mail address")
    .max(MAX_RECIPIENTS, `to is at most ${MAX_RECIPIENTS} addresses`)
    // Domains are case-insensitive, local parts may not be: the same address twice (whatever the domain's case) is kept once.
    .transform((addresses) => [...new Set(addresses.map((address) => address.replace(/@[^@]+$/, (domain) => domain.toLowerCase())))]),
);

const common = {
  name: AlertChannelNameSchema,
  minSeverity: MinSeveritySchema.default("warning"),
  enabled: EnabledSchema.default(true),
};

export const CreateAlertChannelSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("slack"), ...common, url: WebUrlSchema }),
    z.object({ kind: z.literal("webhook"), ...common, url: WebUrlSchema }),
    z.object({ kind: z.literal("email"), ...common, smtpUrl: SmtpUrlSchema, from: AddressSchema, to: RecipientsSchema }),
  ],
  { error: `kind must be one of ${KIND_NAMES}` },
);
export type CreateAlertChannel = z.input<typeof CreateAlertChannelSchema>;

/** Which channel: its id, or its name. */
const ChannelRefSchema = z.string({ error: "id is required: the channel's id or name" }).trim().min(1, "id is required: the channel's id or name").max(100);

/** A change to a channel: only the fields given change. The kind never does (delete it and add another). */
export const UpdateAlertChannelSchema = z.object({
  id: ChannelRefSchema,
  name: AlertChannelNameSchema.optional(),
  minSeverity: MinSeveritySchema.optional(),
  enabled: EnabledSchema.optional(),
  /** Slack and webhook channels: a new URL replaces the stored one. An empty text (a form left blank) keeps it. */
  url: z.preprocess((value) => (value === "" ? undefined : value), WebUrlSchema.optional()),
  /** E-mail channels: a new SMTP URL replaces the stored one. An empty text keeps it. */
  smtpUrl: z.preprocess((value) => (value === "" ? undefined : value), SmtpUrlSchema.optional()),
  from: AddressSchema.optional(),
  to: RecipientsSchema.optional(),
  /** Webhook channels: a new signing secret, shown once in the answer; the old one stops signing at once. */
  rotateSigningSecret: EnabledSchema.optional(),
  kind: z.never({ error: "a channel's kind cannot change: add a new channel and delete this one" }).optional(),
});
export type UpdateAlertChannel = z.input<typeof UpdateAlertChannelSchema>;

export const DeleteAlertChannelSchema = z.object({
  id: ChannelRefSchema,
  reason: RequiredReasonSchema,
});
export type DeleteAlertChannel = z.input<typeof DeleteAlertChannelSchema>;

export const TestAlertChannelSchema = z.object({ id: ChannelRefSchema });
