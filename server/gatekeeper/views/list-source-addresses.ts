import { pool } from "../../db";
import { loadStripeAddresses } from "../sources/source-addresses";
import { actorLabels } from "./actor-labels";

/** `shipped` (Hookwarden's copy of Stripe's list), `stripe` (refreshed from Stripe's published JSON) or `admin` (added by hand). */
export const ADDRESS_ORIGINS = ["shipped", "stripe", "admin"] as const;
export type AddressOrigin = (typeof ADDRESS_ORIGINS)[number];

export type SourceAddressView = { address: string; origin: AddressOrigin; note: string | null; addedBy: string; addedAt: string };

/**
 * Stripe's webhook addresses as the table holds them (what intake's source policy compares with),
 * by origin then address. A table never filled yet (a new installation before the gatekeeper's
 * first tick) is filled with the shipped list first, as intake's first read does, so what is shown
 * is what intake uses.
 */
export async function listSourceAddresses(): Promise<SourceAddressView[]> {
  const [{ filled }] = (await pool().query<{ filled: boolean }>(`SELECT EXISTS (SELECT 1 FROM stripe_source_address) AS filled`)).rows as [{ filled: boolean }];
  if (!filled) await loadStripeAddresses();
  const rows = await pool().query<{ address: string; origin: AddressOrigin; note: string | null; added_by: string; added_at: Date }>(
    `SELECT address, origin, note, added_by, added_at FROM stripe_source_address
     ORDER BY CASE origin WHEN 'admin' THEN 0 ELSE 1 END, family(address::inet), address::inet`,
  );
  const labels = await actorLabels(rows.rows.map((row) => row.added_by));
  return rows.rows.map((row) => ({ address: row.address, origin: row.origin, note: row.note, addedBy: labels.of(row.added_by) ?? row.added_by, addedAt: row.added_at.toISOString() }));
}
