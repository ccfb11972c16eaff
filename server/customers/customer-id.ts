import { z } from "zod";

/** A Stripe customer id, as the console looks one up. */
export const CustomerIdSchema = z.string().trim().regex(/^cus_[A-Za-z0-9]{1,250}$/, "a Stripe customer id looks like cus_ followed by letters and digits");
