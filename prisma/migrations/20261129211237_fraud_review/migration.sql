-- CreateTable
CREATE TABLE "payment_signal" (
    "event_id" UUID NOT NULL,
    "endpoint_id" UUID NOT NULL,
    "event_type" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "attempt_key" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "customer_id" TEXT,
    "card_hash" TEXT,
    "email_hash" TEXT,
    "address_hash" TEXT,
    "card_brand" TEXT,
    "card_last4" TEXT,
    "payment_method_id" TEXT,
    "payment_intent_id" TEXT,
    "amount" BIGINT,
    "currency" TEXT,
    "decline_code" TEXT,
    "merchant_initiated" BOOLEAN NOT NULL DEFAULT false,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payment_signal_pkey" PRIMARY KEY ("event_id")
);

-- CreateTable
CREATE TABLE "review_item" (
    "id" UUID NOT NULL,
    "endpoint_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "subjects" TEXT[],
    "subject_label" TEXT NOT NULL,
    "customer_id" TEXT,
    "score" INTEGER NOT NULL,
    "peak_score" INTEGER NOT NULL,
    "level" TEXT NOT NULL,
    "reasons" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "hold_customer" BOOLEAN NOT NULL DEFAULT false,
    "customer_held_at" TIMESTAMPTZ(3),
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "last_signal_at" TIMESTAMPTZ(3) NOT NULL,
    "opened_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decided_by" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "decision_reason" TEXT,

    CONSTRAINT "review_item_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "payment_signal_endpoint_id_customer_id_occurred_at_idx" ON "payment_signal"("endpoint_id", "customer_id", "occurred_at");

-- CreateIndex
CREATE INDEX "payment_signal_endpoint_id_card_hash_occurred_at_idx" ON "payment_signal"("endpoint_id", "card_hash", "occurred_at");

-- CreateIndex
CREATE INDEX "payment_signal_endpoint_id_email_hash_occurred_at_idx" ON "payment_signal"("endpoint_id", "email_hash", "occurred_at");

-- CreateIndex
CREATE INDEX "payment_signal_endpoint_id_address_hash_occurred_at_idx" ON "payment_signal"("endpoint_id", "address_hash", "occurred_at");

-- CreateIndex
CREATE INDEX "review_item_status_opened_at_id_idx" ON "review_item"("status", "opened_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "review_item_endpoint_id_subject_idx" ON "review_item"("endpoint_id", "subject");

-- CreateIndex
CREATE INDEX "review_item_customer_id_status_idx" ON "review_item"("customer_id", "status");

-- CreateIndex
CREATE INDEX "review_item_subjects_idx" ON "review_item" USING GIN ("subjects");

-- AddForeignKey
ALTER TABLE "payment_signal" ADD CONSTRAINT "payment_signal_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "stripe_event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- At most one open review item per subject and endpoint (written by hand: Prisma cannot express a partial index).
-- An item covers other subjects too (`subjects`); the fraud module takes a per-endpoint advisory lock before opening one,
-- so no subject is ever covered by two open items.
CREATE UNIQUE INDEX "review_item_one_open_per_subject" ON "review_item" ("endpoint_id", "subject") WHERE "status" = 'open';
