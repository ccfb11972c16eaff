-- CreateTable
CREATE TABLE "endpoint" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "tolerance_seconds" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "endpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "signing_secret" (
    "id" UUID NOT NULL,
    "endpoint_id" UUID NOT NULL,
    "ciphertext" BYTEA NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "label" TEXT,
    "source" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "expires_at" TIMESTAMPTZ(3),
    "last_matched_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "signing_secret_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stripe_event" (
    "id" UUID NOT NULL,
    "endpoint_id" UUID NOT NULL,
    "stripe_event_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "api_version" TEXT,
    "livemode" BOOLEAN NOT NULL,
    "account" TEXT,
    "stripe_created_at" TIMESTAMPTZ(3) NOT NULL,
    "object_id" TEXT,
    "object_type" TEXT,
    "customer_id" TEXT,
    "status" TEXT NOT NULL,
    "payload_ciphertext" BYTEA NOT NULL,
    "payload_sha256" TEXT NOT NULL,
    "payload_size" INTEGER NOT NULL,
    "first_received_at" TIMESTAMPTZ(3) NOT NULL,
    "last_received_at" TIMESTAMPTZ(3) NOT NULL,
    "delivery_count" INTEGER NOT NULL,
    "last_delivery_kind" TEXT NOT NULL,
    "seen_signatures" TEXT[],
    "enqueued_at" TIMESTAMPTZ(3),
    "claimed_at" TIMESTAMPTZ(3),
    "processed_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,

    CONSTRAINT "stripe_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "delivery" (
    "id" BIGSERIAL NOT NULL,
    "event_id" UUID NOT NULL,
    "endpoint_id" UUID NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "signature_timestamp" TIMESTAMPTZ(3) NOT NULL,
    "source_ip" TEXT,
    "matched_secret_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "verdict" TEXT NOT NULL,

    CONSTRAINT "delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rejected_delivery" (
    "id" BIGSERIAL NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "endpoint" TEXT NOT NULL,
    "source_ip" TEXT,
    "reason" TEXT NOT NULL,
    "body_sha256" TEXT,
    "body_size" INTEGER NOT NULL,

    CONSTRAINT "rejected_delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rejection_tally" (
    "minute" TIMESTAMPTZ(3) NOT NULL,
    "endpoint" TEXT NOT NULL,
    "source_ip" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "total_bytes" BIGINT NOT NULL,

    CONSTRAINT "rejection_tally_pkey" PRIMARY KEY ("minute","endpoint","source_ip","reason")
);

-- CreateTable
CREATE TABLE "api_key" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_key_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "endpoint_name_key" ON "endpoint"("name");

-- CreateIndex
CREATE UNIQUE INDEX "signing_secret_endpoint_id_fingerprint_key" ON "signing_secret"("endpoint_id", "fingerprint");

-- CreateIndex
CREATE INDEX "stripe_event_first_received_at_id_idx" ON "stripe_event"("first_received_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "stripe_event_status_first_received_at_idx" ON "stripe_event"("status", "first_received_at");

-- CreateIndex
CREATE INDEX "stripe_event_type_first_received_at_idx" ON "stripe_event"("type", "first_received_at" DESC);

-- CreateIndex
CREATE INDEX "stripe_event_stripe_event_id_idx" ON "stripe_event"("stripe_event_id");

-- CreateIndex
CREATE UNIQUE INDEX "stripe_event_endpoint_id_stripe_event_id_key" ON "stripe_event"("endpoint_id", "stripe_event_id");

-- CreateIndex
CREATE INDEX "delivery_event_id_received_at_idx" ON "delivery"("event_id", "received_at");

-- CreateIndex
CREATE INDEX "delivery_received_at_idx" ON "delivery"("received_at");

-- CreateIndex
CREATE INDEX "rejected_delivery_received_at_idx" ON "rejected_delivery"("received_at");

-- CreateIndex
CREATE UNIQUE INDEX "api_key_prefix_key" ON "api_key"("prefix");

-- AddForeignKey
ALTER TABLE "signing_secret" ADD CONSTRAINT "signing_secret_endpoint_id_fkey" FOREIGN KEY ("endpoint_id") REFERENCES "endpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stripe_event" ADD CONSTRAINT "stripe_event_endpoint_id_fkey" FOREIGN KEY ("endpoint_id") REFERENCES "endpoint"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delivery" ADD CONSTRAINT "delivery_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "stripe_event"("id") ON DELETE CASCADE ON UPDATE CASCADE;
