import { z } from "zod";
import { prisma } from "../db";
import { AppError, invalidInput } from "../errors";

export const RegisterTransactionSchema = z.object({
  reference: z
    .string({ error: "reference is required" })
    .regex(/^[A-Za-z0-9_\-:.]{1,200}$/, "reference is 1-200 letters, digits or _ - : ."),
  amount: z
    .number({ error: (issue) => (issue.input === undefined ? "amount is required, in minor units (cents)" : "amount is a number in minor units (cents)") })
    .int("amount is in minor units: a whole number")
    .positive("amount must be more than 0")
    .max(99_999_999, "amount is at most 99999999"),
  currency: z
    .string({ error: "currency is required" })
    .regex(/^[A-Za-z]{3}$/, "currency is a three-letter ISO code such as usd")
    .transform((value) => value.toLowerCase()),
  customer: z
    .string()
    .refine((value) => /^cus_[A-Za-z0-9]+$/.test(value) || z.email().safeParse(value).success, "customer is a Stripe customer id (cus_...) or an e-mail address")
    .optional(),
  expiresAt: z.iso.datetime({ offset: true, error: "expiresAt is an ISO 8601 time" }).optional(),
});
export type RegisterTransaction = z.input<typeof RegisterTransactionSchema>;

export type RegisteredTransaction = {
  reference: string;
  status: string;
  amount: number;
  currency: string;
  customer: string | null;
  expiresAt: string | null;
  /** Attach this to the Checkout session or payment intent you create. */
  metadata: { hookwarden_ref: string };
};

/** The public view of a registered payment's terms. */
export function registeredTransaction(row: { reference: string; status: string; amount: number; currency: string; customer: string | null; expiresAt: Date | null }): RegisteredTransaction {
  return {
    reference: row.reference,
    status: row.status,
    amount: row.amount,
    currency: row.currency,
    customer: row.customer,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    metadata: { hookwarden_ref: row.reference },
  };
}

/**
 * Registers a payment the business expects. Registering the same reference again
 * with the same terms is harmless (idempotent: `created` is false); with different
 * terms it is a conflict and nothing changes.
 */
export async function registerTransaction(input: unknown): Promise<{ created: boolean; transaction: RegisteredTransaction }> {
  const parsed = RegisterTransactionSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const terms = { ...parsed.data, customer: parsed.data.customer ?? null, expiresAt: parsed.data.expiresAt ? new Date(parsed.data.expiresAt) : null };
  const inserted = await prisma().transaction.createMany({ data: [terms], skipDuplicates: true });
  const row = await prisma().transaction.findUniqueOrThrow({ where: { reference: terms.reference } });
  if (inserted.count === 0) {
    const same =
      row.amount === terms.amount &&
      row.currency === terms.currency &&
      row.customer === terms.customer &&
      (row.expiresAt?.getTime() ?? null) === (terms.expiresAt?.getTime() ?? null);
    if (!same) throw new AppError("conflict", `Reference ${terms.reference} is already registered with different terms.`);
  }
  return { created: inserted.count === 1, transaction: registeredTransaction(row) };
}
