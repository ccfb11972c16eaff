import { pool } from "../../db";
import { log } from "../../log";
import { STRIPE_WEBHOOK_ADDRESSES } from "./stripe-webhook-addresses";

/**
 * Stripe's webhook addresses as this process knows them: the `stripe_source_address` table, read
 * at the first need and again at every gatekeeper tick (so an admin's edit reaches every instance
 * within seconds). Intake asks `isStripeAddress` in memory: no query per delivery.
 */
let known: Set<string> = new Set(STRIPE_WEBHOOK_ADDRESSES);
let loaded = false;

export function isStripeAddress(address: string | null): boolean {
  return address !== null && known.has(address);
}

export function stripeAddressesLoaded(): boolean {
  return loaded;
}

/**
 * Reads the list from the database. An empty table (a new installation, or every address
 * removed) is filled with the shipped list first: an empty list would make enforce mode refuse
 * Stripe itself.
 */
export async function loadStripeAddresses(): Promise<ReadonlySet<string>> {
  try {
    const rows = await pool().query<{ address: string }>(`SELECT address FROM stripe_source_address`);
    if (rows.rows.length === 0) {
      await pool().query(
        `INSERT INTO stripe_source_address (address, origin, note, added_by) SELECT unnest($1::text[]), 'shipped', 'shipped with Hookwarden', 'hookwarden' ON CONFLICT (address) DO NOTHING`,
        [STRIPE_WEBHOOK_ADDRESSES],
      );
      known = new Set(STRIPE_WEBHOOK_ADDRESSES);
    } else {
      known = new Set(rows.rows.map((row) => row.address));
    }
    loaded = true;
  } catch (error) {
    // The last list read stays in force; intake never waits for this.
    log.warn("could not read Stripe's webhook addresses; the last list read stays in force", { error });
  }
  return known;
}
