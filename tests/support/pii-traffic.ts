import type { Scenario } from "@/cli/simulate/scenarios";
import type { StripeEventJson, StripeObject } from "@/cli/simulate/stripe-events";

/**
 * Personal data and secrets as a careless integration would send them to Stripe, and
 * Stripe on to us: real-looking names, e-mail addresses, phones, street addresses, IP
 * addresses, card numbers typed into descriptions, and live keys pasted into metadata.
 * Hookwarden's own fixture values, distinctive so that a scan for them cannot match
 * anything else.
 */
export const FIXTURE_PII = {
  names: ["Margarethe Vandersloot", "Oluwaseun Adebayo-Kline"],
  emails: ["m.vandersloot@example-mail.nl", "seun.adebayo.kline@example.org"],
  phones: ["+31 20 555 0147", "+44 7700 900461"],
  streets: ["Prinsengracht 263-267", "221B Baker Street"],
  ips: ["203.0.113.195", "198.51.100.42"],
  cards: ["4000 0566 5566 5556", "5555-5555-5555-4444"],
  secrets: ["whsec_LeakedIntoMetadata0001", "sk_live_51LeakedSecretKeyInMetadata", "rk_live_51LeakedRestrictedKeyInNote"],
};

const pick = <T>(values: readonly T[], seed: string): T => values[[...seed].reduce((sum, char) => sum + char.charCodeAt(0), 0) % values.length]!;

/** One person, chosen by the object's customer (or id), so a customer's objects agree with one another. */
function personOf(object: StripeObject) {
  const seed = typeof object.customer === "string" ? object.customer : object.id;
  const i = FIXTURE_PII.names.indexOf(pick(FIXTURE_PII.names, seed));
  const address = { city: "Amsterdam", country: "NL", line1: FIXTURE_PII.streets[i]!, line2: null, postal_code: "1016 GV", state: null };
  return { name: FIXTURE_PII.names[i]!, email: FIXTURE_PII.emails[i]!, phone: FIXTURE_PII.phones[i]!, ip: FIXTURE_PII.ips[i]!, card: FIXTURE_PII.cards[i]!, address };
}

/** The object with personal data where Stripe puts it for its type, and careless text in its description and metadata. Ids, amounts and references are untouched. */
export function withPersonalData(object: StripeObject): StripeObject {
  const person = personOf(object);
  const metadata = {
    ...((object.metadata as Record<string, string> | undefined) ?? {}),
    customer_email: person.email,
    support_note: `call ${person.name} on ${person.phone}, card ${person.card}`,
    integration_key: FIXTURE_PII.secrets[1]!,
    webhook_secret: FIXTURE_PII.secrets[0]!,
  };
  const shipping = { address: person.address, carrier: null, name: person.name, phone: person.phone, tracking_number: null };
  const common = { ...object, metadata, description: `Order for ${person.name} <${person.email}>, card ${person.card}, key ${FIXTURE_PII.secrets[2]}` };
  switch (object.object) {
    case "charge":
      return {
        ...common,
        billing_details: { address: person.address, email: person.email, name: person.name, phone: person.phone, tax_id: null },
        receipt_email: person.email,
        shipping,
        statement_descriptor_suffix: person.name.slice(0, 10),
      };
    case "payment_intent":
      return { ...common, receipt_email: person.email, shipping };
    case "checkout.session":
      return {
        ...common,
        customer_email: person.email,
        customer_details: { address: person.address, email: person.email, name: person.name, phone: person.phone, tax_exempt: "none", tax_ids: [] },
        collected_information: { shipping_details: { address: person.address, name: person.name } },
        custom_fields: [{ key: "gift_note", label: { custom: "Gift note", type: "custom" }, optional: true, text: { value: `For ${person.name}, ${person.phone}` }, type: "text" }],
        client_ip: person.ip,
      };
    case "invoice":
      return { ...common, customer_email: person.email, customer_name: person.name, customer_phone: person.phone, customer_address: person.address, customer_shipping: shipping };
    case "customer":
      return { ...common, email: person.email, name: person.name, phone: person.phone, address: person.address, shipping };
    default:
      return common;
  }
}

export function eventWithPersonalData(event: StripeEventJson): StripeEventJson {
  return { ...event, data: { ...event.data, object: withPersonalData(event.data.object) } };
}

/** A scenario of `hookwarden simulate` whose every event and object carries personal data and leaked secrets. */
export function scenarioWithPersonalData(scenario: Scenario): Scenario {
  return {
    ...scenario,
    batches: scenario.batches.map((batch) => batch.map((delivery) => ({ ...delivery, event: eventWithPersonalData(delivery.event) }))),
    missedAtStripe: scenario.missedAtStripe?.map(eventWithPersonalData),
    changedAtStripe: scenario.changedAtStripe?.map((change) => ({ ...change, object: withPersonalData(change.object) })),
  };
}
