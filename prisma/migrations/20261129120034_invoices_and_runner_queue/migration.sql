-- AlterTable
ALTER TABLE "subscription_invoice" ALTER COLUMN "subscription_id" DROP NOT NULL;

-- The embedded runner's queue: only queued and failed events, in arrival order.
-- Partial indexes stay as small as the backlog however large the ledger grows
-- (Prisma's schema language cannot express them, so they live here only).
CREATE INDEX "stripe_event_queued_idx" ON "stripe_event" ("first_received_at", "id") WHERE "status" = 'queued';
CREATE INDEX "stripe_event_failed_due_idx" ON "stripe_event" ("next_attempt_at") WHERE "status" = 'failed';
