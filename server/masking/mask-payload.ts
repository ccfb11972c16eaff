/**
 * The one set of masking rules for Stripe payloads: what every console page, REST
 * answer and export shows. Whatever identifies a person becomes "••••": e-mail
 * addresses, names, phone numbers, postal addresses (all but the country), IP
 * addresses and user agents, free text a merchant or customer typed (descriptions,
 * statement descriptors, custom fields, notes), card fingerprints, expiry and first
 * digits, tax ids, and the metadata keys listed in HOOKWARDEN_MASK_METADATA_KEYS.
 * In any string anywhere, e-mail addresses, card-like numbers and Stripe secrets
 * (whsec_, sk_, rk_) are masked too. What an operator needs to explain an event
 * stays: ids, amounts, currencies, statuses, types, timestamps, card brand, last4,
 * funding and country. The raw payload is only ever shown through break-glass
 * (server/masking/read-raw-payload.ts).
 */
import { env } from "../env";
import { MASK, maskText } from "./mask-text";

export { MASK };

export type MaskingRules = {
  /** Metadata keys whose values are masked (compared case-insensitively). */
  metadataKeys: readonly string[];
};

/** The rules of this installation: the configured metadata keys. */
export function maskingRules(): MaskingRules {
  return { metadataKeys: env().HOOKWARDEN_MASK_METADATA_KEYS };
}

/** A field that holds a person's data whatever object it is in. */
const PERSONAL_FIELD =
  /^(e-?mail|[a-z_]*_email|phone|[a-z_]*_phone|[a-z_]*_phone_number|address|[a-z_]*_address|line1|line2|city|postal_code|zip|state|town|ip|[a-z_]*_ip|user_agent|fingerprint|exp_month|exp_year|iin|tax_id|tax_ids|receipt_url|hosted_invoice_url|invoice_pdf|[a-z_]*_tax_ids|vat_id|dob|birth_date|ssn_last_4|id_number|routing_number|account_number|iban|bic|sort_code|bsb_number|account_holder_name|[a-z_]*_holder_name|[a-z_]*_name|name)$/i;

/** A personal field that nonetheless stays: what operators need, and never identifies a person. */
const KEPT_FIELD = /^(country|[a-z_]*_country|currency|object|type|id|last4|dynamic_last4|brand|display_brand|funding|network|status|tax_exempt|tax_status|livemode|created|amount|[a-z_]*_amount|interval|description_type|account_type|account_holder_type|bank_name|carrier_name|billing_reason|price|product|key|label|optional|tracking_number_present)$/i;

/**
 * Names that are not a person's: the catalogue (products, prices, plans, coupons,
 * features, tax rates, shipping rates) names what was sold.
 */
const CATALOGUE_OBJECTS = new Set(["product", "price", "plan", "coupon", "promotion_code", "tax_rate", "shipping_rate", "entitlements.feature", "feature", "file", "webhook_endpoint"]);
const CATALOGUE_KEYS = new Set(["product", "price", "plan", "coupon", "discount", "discounts", "tax_rates", "shipping_rate", "feature", "features", "product_data"]);

/** Free text that a merchant or customer typed: anything may be in it, so all of it is masked. */
const FREE_TEXT_FIELD = /^(description|[a-z_]*_description|statement_descriptor|statement_descriptor_suffix|[a-z_]*_statement_descriptor|statement_descriptor_kana|statement_descriptor_kanji|footer|memo|note|notes|comment|comments|custom_text|submit_message|message|seller_message|instructions)$/i;
/** Stripe's own explanations, not the merchant's or the customer's: they explain a decline and stay (strings are still scrubbed). */
const STRIPE_TEXT_PARENTS = new Set(["outcome", "last_payment_error", "last_setup_error", "next_action"]);

/**
 * Containers whose every value belongs to a person (billing details, shipping, a
 * Checkout session's customer details, custom fields, a tax id, a mandate's
 * acceptance): their leaves are masked except the kept fields (country, type...).
 */
const PERSONAL_CONTAINER =
  /^(billing_details|shipping|shipping_details|customer_details|customer_shipping|customer_address|collected_information|owner|verified_address|individual|representative|person|custom_fields|tax_id_data|customer_tax_ids|tax_ids|online|customer_acceptance|cardholder)$/i;

/** Mask a person's data in a Stripe object (an event, its `data.object`, or any part of one). Never mutates its input. */
export function maskPayload(value: unknown, rules: MaskingRules = maskingRules()): unknown {
  const metadataKeys = new Set(rules.metadataKeys.map((key) => key.toLowerCase()));
  return walk(value, { parentKey: null, parentObject: null, personal: false, metadataKeys }, 0);
}

type Context = {
  parentKey: string | null;
  /** The `object` of the nearest enclosing Stripe object ("charge", "product"...). */
  parentObject: string | null;
  /** Inside a container that belongs to a person: every leaf is masked but the kept ones. */
  personal: boolean;
  metadataKeys: Set<string>;
};

function walk(value: unknown, context: Context, depth: number): unknown {
  if (typeof value === "string") return context.personal ? MASK : maskText(value);
  if (value === null || typeof value !== "object") return context.personal && typeof value === "number" ? MASK : value;
  if (depth > 32) return MASK;
  if (Array.isArray(value)) return value.map((item) => walk(item, context, depth + 1));
  const record = value as Record<string, unknown>;
  const objectType = typeof record.object === "string" ? record.object : context.parentObject;
  const isCatalogue = (typeof record.object === "string" && CATALOGUE_OBJECTS.has(record.object)) || (context.parentKey !== null && CATALOGUE_KEYS.has(context.parentKey));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(record)) {
    out[key] = maskField(key, item, { ...context, parentObject: objectType }, isCatalogue, depth);
  }
  return out;
}

function maskField(key: string, item: unknown, context: Context, isCatalogue: boolean, depth: number): unknown {
  if (item === null || item === "" || typeof item === "boolean") return item;
  const child = (personal: boolean) => walk(item, { ...context, parentKey: key, personal }, depth + 1);
  if (KEPT_FIELD.test(key) && (typeof item !== "object" || key === "price" || key === "product")) return typeof item === "string" ? maskText(item) : child(false);
  if (key === "metadata" && typeof item === "object") return maskMetadata(item as Record<string, unknown>, context, depth);
  if (context.personal) return child(true);
  if (PERSONAL_CONTAINER.test(key) && typeof item === "object") return child(true);
  if (isCatalogue && /^(name|description|statement_descriptor|unit_label|display_name)$/.test(key)) return typeof item === "string" ? maskText(item) : child(false);
  if (PERSONAL_FIELD.test(key)) return typeof item === "object" ? child(true) : MASK;
  if (FREE_TEXT_FIELD.test(key) && typeof item !== "object") return context.parentKey !== null && STRIPE_TEXT_PARENTS.has(context.parentKey) ? maskText(String(item)) : MASK;
  return child(false);
}

/** Metadata is the merchant's own: its keys stay, values of configured keys are masked, and every value is scrubbed. */
function maskMetadata(metadata: Record<string, unknown>, context: Context, depth: number): unknown {
  if (Array.isArray(metadata)) return walk(metadata, { ...context, parentKey: "metadata" }, depth + 1);
  return Object.fromEntries(
    Object.entries(metadata).map(([key, item]) => [
      key,
      context.metadataKeys.has(key.toLowerCase()) && item !== null && item !== "" ? MASK : walk(item, { ...context, parentKey: "metadata", personal: false }, depth + 1),
    ]),
  );
}
