-- CreateIndex
CREATE INDEX "destination_delivery_destination_id_status_id_idx" ON "destination_delivery"("destination_id", "status", "id");

-- Written by hand (Prisma's schema language has no partial indexes): a destination's deliveries
-- delivered in the last day, counted from the index alone, however many it delivered before.
CREATE INDEX "destination_delivery_delivered_at_idx" ON "destination_delivery"("destination_id", "delivered_at") WHERE "status" = 'delivered';

-- The failing deliveries (pending, tried at least once) of a destination: few, counted without reading its backlog.
CREATE INDEX "destination_delivery_failing_idx" ON "destination_delivery"("destination_id") WHERE "status" = 'pending' AND "attempts" > 0;
