-- AlterTable
ALTER TABLE "stripe_event" ADD COLUMN     "masked_payload" JSONB,
ADD COLUMN     "payload_removed_at" TIMESTAMPTZ(3),
ADD COLUMN     "payload_removed_by" TEXT,
ALTER COLUMN "payload_ciphertext" DROP NOT NULL;

-- CreateTable
CREATE TABLE "retention_purge" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "requested_by" TEXT NOT NULL,
    "cutoff" TIMESTAMPTZ(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeat_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "counts" JSONB NOT NULL DEFAULT '{}',
    "oldest_at" TIMESTAMPTZ(3),
    "newest_at" TIMESTAMPTZ(3),
    "delivery_ids" JSONB,
    "batches" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,

    CONSTRAINT "retention_purge_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "retention_purge_started_at_idx" ON "retention_purge"("started_at" DESC);

-- Hand-written: the raw-payload purge walks the events that still hold a ciphertext, oldest
-- first; once purged, a row leaves this index, so each run reads only what is left to do.
CREATE INDEX "stripe_event_raw_payload_retention_idx" ON "stripe_event" ("first_received_at", "id") WHERE "payload_ciphertext" IS NOT NULL;
