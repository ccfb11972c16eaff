-- AlterTable
ALTER TABLE "endpoint" ADD COLUMN     "no_reference_policy" TEXT NOT NULL DEFAULT 'quarantine';

-- AlterTable
ALTER TABLE "stripe_event" ADD COLUMN     "awaiting_object_id" TEXT,
ADD COLUMN     "link_deadline" TIMESTAMPTZ(3),
ADD COLUMN     "next_attempt_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "event_status_change" (
    "id" BIGSERIAL NOT NULL,
    "event_id" UUID NOT NULL,
    "from_status" TEXT,
    "to_status" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "actor" TEXT NOT NULL DEFAULT 'system',
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "event_status_change_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payment_transaction" (
    "id" UUID NOT NULL,
    "reference" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "customer" TEXT,
    "expires_at" TIMESTAMPTZ(3),
    "status" TEXT NOT NULL DEFAULT 'pending',
    "paid_by" TEXT,
    "paid_at" TIMESTAMPTZ(3),
    "paid_by_customer" TEXT,
    "amount_refunded" INTEGER NOT NULL DEFAULT 0,
    "failed_attempts" INTEGER NOT NULL DEFAULT 0,
    "last_decline_code" TEXT,
    "checkout_expired" BOOLEAN NOT NULL DEFAULT false,
    "dispute_id" TEXT,
    "dispute_status" TEXT,
    "last_event_created_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payment_transaction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "transaction_link" (
    "object_id" TEXT NOT NULL,
    "transaction_id" UUID NOT NULL,
    "event_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "transaction_link_pkey" PRIMARY KEY ("object_id")
);

-- CreateTable
CREATE TABLE "effect" (
    "event_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "subject" TEXT,
    "summary" TEXT NOT NULL,
    "detail" JSONB NOT NULL DEFAULT '{}',
    "applied_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "effect_pkey" PRIMARY KEY ("event_id")
);

-- CreateTable
CREATE TABLE "quarantine_item" (
    "event_id" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "subject" TEXT,
    "evidence" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "decided_by" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "decision_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "quarantine_item_pkey" PRIMARY KEY ("event_id")
);

-- CreateTable
CREATE TABLE "subscription" (
    "id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "price_id" TEXT,
    "product_id" TEXT,
    "quantity" INTEGER,
    "current_period_end" TIMESTAMPTZ(3),
    "cancel_at_period_end" BOOLEAN NOT NULL DEFAULT false,
    "trial_end" TIMESTAMPTZ(3),
    "latest_invoice_id" TEXT,
    "latest_invoice_status" TEXT,
    "last_event_created_at" TIMESTAMPTZ(3) NOT NULL,
    "last_event_type" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "subscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "subscription_invoice" (
    "id" TEXT NOT NULL,
    "subscription_id" TEXT NOT NULL,
    "customer_id" TEXT,
    "status" TEXT NOT NULL,
    "amount_paid" INTEGER,
    "amount_due" INTEGER,
    "currency" TEXT,
    "last_event_created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "subscription_invoice_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "event_status_change_event_id_at_idx" ON "event_status_change"("event_id", "at");

-- CreateIndex
CREATE UNIQUE INDEX "payment_transaction_reference_key" ON "payment_transaction"("reference");

-- CreateIndex
CREATE INDEX "payment_transaction_status_idx" ON "payment_transaction"("status");

-- CreateIndex
CREATE INDEX "transaction_link_transaction_id_idx" ON "transaction_link"("transaction_id");

-- CreateIndex
CREATE INDEX "effect_subject_idx" ON "effect"("subject");

-- CreateIndex
CREATE INDEX "quarantine_item_status_reason_idx" ON "quarantine_item"("status", "reason");

-- CreateIndex
CREATE INDEX "quarantine_item_subject_idx" ON "quarantine_item"("subject");

-- CreateIndex
CREATE INDEX "subscription_customer_id_idx" ON "subscription"("customer_id");

-- CreateIndex
CREATE INDEX "subscription_invoice_subscription_id_idx" ON "subscription_invoice"("subscription_id");

-- CreateIndex
CREATE INDEX "stripe_event_customer_id_idx" ON "stripe_event"("customer_id");

-- CreateIndex
CREATE INDEX "stripe_event_awaiting_object_id_idx" ON "stripe_event"("awaiting_object_id");

-- AddForeignKey
ALTER TABLE "transaction_link" ADD CONSTRAINT "transaction_link_transaction_id_fkey" FOREIGN KEY ("transaction_id") REFERENCES "payment_transaction"("id") ON DELETE CASCADE ON UPDATE CASCADE;
