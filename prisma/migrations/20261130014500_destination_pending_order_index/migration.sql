-- Written by hand (Prisma's schema language has no partial indexes): the dispatcher's order check
-- ("no earlier pending delivery of this customer to this destination") reads only pending rows,
-- however many deliveries a busy customer has had delivered before.
CREATE INDEX "destination_delivery_pending_order_idx" ON "destination_delivery"("destination_id", "ordering_key", "id") WHERE "status" = 'pending';
