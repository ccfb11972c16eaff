-- CreateTable
CREATE TABLE "destination" (
    "id" UUID NOT NULL,
    "endpoint_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "event_types" TEXT[],
    "forward_released" BOOLEAN NOT NULL DEFAULT false,
    "allow_internal" BOOLEAN NOT NULL DEFAULT false,
    "state" TEXT NOT NULL DEFAULT 'active',
    "paused_at" TIMESTAMPTZ(3),
    "paused_reason" TEXT,
    "secret_ciphertext" BYTEA NOT NULL,
    "secret_fingerprint" TEXT NOT NULL,
    "previous_secret_ciphertext" BYTEA,
    "previous_secret_fingerprint" TEXT,
    "previous_secret_expires_at" TIMESTAMPTZ(3),
    "failing_since" TIMESTAMPTZ(3),
    "consecutive_failures" INTEGER NOT NULL DEFAULT 0,
    "last_success_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "destination_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "destination_delivery" (
    "id" BIGSERIAL NOT NULL,
    "destination_id" UUID NOT NULL,
    "event_id" UUID NOT NULL,
    "ordering_key" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deadline" TIMESTAMPTZ(3) NOT NULL,
    "lease_until" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "last_status_code" INTEGER,
    "delivered_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "destination_delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "destination_attempt" (
    "id" BIGSERIAL NOT NULL,
    "delivery_id" BIGINT NOT NULL,
    "destination_id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "outcome" TEXT NOT NULL,
    "status_code" INTEGER,
    "latency_ms" INTEGER NOT NULL,
    "error" TEXT,
    "response_excerpt" TEXT,

    CONSTRAINT "destination_attempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "destination_endpoint_id_name_key" ON "destination"("endpoint_id", "name");

-- CreateIndex
CREATE INDEX "destination_delivery_status_next_attempt_at_idx" ON "destination_delivery"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "destination_delivery_destination_id_ordering_key_id_idx" ON "destination_delivery"("destination_id", "ordering_key", "id");

-- CreateIndex
CREATE INDEX "destination_delivery_destination_id_created_at_idx" ON "destination_delivery"("destination_id", "created_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "destination_delivery_destination_id_event_id_key" ON "destination_delivery"("destination_id", "event_id");

-- CreateIndex
CREATE INDEX "destination_attempt_delivery_id_idx" ON "destination_attempt"("delivery_id");

-- CreateIndex
CREATE INDEX "destination_attempt_destination_id_at_idx" ON "destination_attempt"("destination_id", "at" DESC);

-- AddForeignKey
ALTER TABLE "destination" ADD CONSTRAINT "destination_endpoint_id_fkey" FOREIGN KEY ("endpoint_id") REFERENCES "endpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "destination_delivery" ADD CONSTRAINT "destination_delivery_destination_id_fkey" FOREIGN KEY ("destination_id") REFERENCES "destination"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "destination_delivery" ADD CONSTRAINT "destination_delivery_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "stripe_event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "destination_attempt" ADD CONSTRAINT "destination_attempt_delivery_id_fkey" FOREIGN KEY ("delivery_id") REFERENCES "destination_delivery"("id") ON DELETE CASCADE ON UPDATE CASCADE;
