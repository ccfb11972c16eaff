-- AlterTable
ALTER TABLE "endpoint" ADD COLUMN     "confirm_event_types" TEXT[],
ADD COLUMN     "confirm_types_set" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "stripe_api_key_ciphertext" BYTEA,
ADD COLUMN     "stripe_api_key_fingerprint" TEXT,
ADD COLUMN     "thin" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "stripe_event" ADD COLUMN     "confirmed_at" TIMESTAMPTZ(3),
ADD COLUMN     "origin" TEXT NOT NULL DEFAULT 'delivery',
ADD COLUMN     "reconciliation_run_id" UUID;

-- CreateTable
CREATE TABLE "reconciliation_run" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "endpoint_id" UUID NOT NULL,
    "dry_run" BOOLEAN NOT NULL DEFAULT false,
    "scope" JSONB NOT NULL DEFAULT '{}',
    "status" TEXT NOT NULL DEFAULT 'running',
    "requested_by" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeat_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "progress" JSONB NOT NULL DEFAULT '{}',
    "fraction" DOUBLE PRECISION,
    "findings" INTEGER NOT NULL DEFAULT 0,
    "repaired" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,

    CONSTRAINT "reconciliation_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reconciliation_finding" (
    "id" BIGSERIAL NOT NULL,
    "run_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "ours" JSONB,
    "stripe" JSONB,
    "since" TIMESTAMPTZ(3),
    "status" TEXT NOT NULL DEFAULT 'open',
    "repair_event_id" UUID,
    "repaired_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reconciliation_finding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kind" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "subject" TEXT,
    "message" TEXT NOT NULL,
    "detail" JSONB NOT NULL DEFAULT '{}',
    "dedup_key" TEXT NOT NULL,
    "resolved_at" TIMESTAMPTZ(3),

    CONSTRAINT "alert_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "reconciliation_run_started_at_idx" ON "reconciliation_run"("started_at" DESC);

-- CreateIndex
CREATE INDEX "reconciliation_run_status_idx" ON "reconciliation_run"("status");

-- CreateIndex
CREATE INDEX "reconciliation_finding_run_id_id_idx" ON "reconciliation_finding"("run_id", "id");

-- CreateIndex
CREATE INDEX "reconciliation_finding_status_idx" ON "reconciliation_finding"("status");

-- CreateIndex
CREATE INDEX "alert_at_idx" ON "alert"("at" DESC);

-- CreateIndex
CREATE INDEX "alert_dedup_key_idx" ON "alert"("dedup_key");

-- CreateIndex
CREATE INDEX "payment_transaction_created_at_id_idx" ON "payment_transaction"("created_at" DESC, "id" DESC);

-- AddForeignKey
ALTER TABLE "reconciliation_finding" ADD CONSTRAINT "reconciliation_finding_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "reconciliation_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: at most one open alert per dedup key (a repeat updates it).
CREATE UNIQUE INDEX "alert_open_dedup_key_idx" ON "alert"("dedup_key") WHERE "resolved_at" IS NULL;

-- Hand-written: the 30-day horizon. Events whose outcome is not settled, by Stripe's
-- `created`: the overview's countdown and the deadline alert read the oldest first.
-- Keep the list equal to UNRECONCILED_STATUSES in server/ledger/event-status.ts.
CREATE INDEX "stripe_event_horizon_idx" ON "stripe_event"("stripe_created_at")
  WHERE "status" IN ('received', 'queued', 'processing', 'failed', 'dead', 'quarantined', 'awaiting_link', 'held');

ALTER TABLE "reconciliation_run" ADD CONSTRAINT "reconciliation_run_endpoint_id_fkey" FOREIGN KEY ("endpoint_id") REFERENCES "endpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;
