-- CreateTable
CREATE TABLE "circuit_breaker" (
    "id" UUID NOT NULL,
    "endpoint_id" UUID NOT NULL,
    "state" TEXT NOT NULL,
    "event_types" TEXT[],
    "reason" TEXT NOT NULL,
    "explanation" JSONB NOT NULL DEFAULT '{}',
    "opened_at" TIMESTAMPTZ(3) NOT NULL,
    "opened_by" TEXT NOT NULL,
    "half_open_at" TIMESTAMPTZ(3),
    "closed_at" TIMESTAMPTZ(3),
    "closed_by" TEXT,
    "shed_until" TIMESTAMPTZ(3),
    "release_per_tick" INTEGER NOT NULL DEFAULT 10,
    "last_tick_at" TIMESTAMPTZ(3),

    CONSTRAINT "circuit_breaker_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "traffic_minute" (
    "endpoint_id" UUID NOT NULL,
    "minute" TIMESTAMPTZ(3) NOT NULL,
    "deliveries" INTEGER NOT NULL DEFAULT 0,
    "first_deliveries" INTEGER NOT NULL DEFAULT 0,
    "retries" INTEGER NOT NULL DEFAULT 0,
    "replays" INTEGER NOT NULL DEFAULT 0,
    "success_events" INTEGER NOT NULL DEFAULT 0,
    "outside_deliveries" INTEGER NOT NULL DEFAULT 0,
    "unusual_deliveries" INTEGER NOT NULL DEFAULT 0,
    "stale_events" INTEGER NOT NULL DEFAULT 0,
    "rejected" INTEGER NOT NULL DEFAULT 0,
    "signature_failures" INTEGER NOT NULL DEFAULT 0,
    "refused" INTEGER NOT NULL DEFAULT 0,
    "throttled" INTEGER NOT NULL DEFAULT 0,
    "shed" INTEGER NOT NULL DEFAULT 0,
    "payload_bytes" BIGINT NOT NULL DEFAULT 0,
    "signature_age_ms" BIGINT NOT NULL DEFAULT 0,
    "type_counts" JSONB NOT NULL DEFAULT '{}',
    "unusual_type_counts" JSONB NOT NULL DEFAULT '{}',
    "replay_type_counts" JSONB NOT NULL DEFAULT '{}',
    "sources" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "source_count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "traffic_minute_pkey" PRIMARY KEY ("endpoint_id","minute")
);

-- CreateTable
CREATE TABLE "traffic_source" (
    "endpoint_id" UUID NOT NULL,
    "address" TEXT NOT NULL,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "traffic_source_pkey" PRIMARY KEY ("endpoint_id","address")
);

-- CreateTable
CREATE TABLE "stripe_source_address" (
    "address" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "note" TEXT,
    "added_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "added_by" TEXT NOT NULL,

    CONSTRAINT "stripe_source_address_pkey" PRIMARY KEY ("address")
);

-- CreateTable
CREATE TABLE "source_block" (
    "id" BIGSERIAL NOT NULL,
    "address" TEXT NOT NULL,
    "blocked_at" TIMESTAMPTZ(3) NOT NULL,
    "until" TIMESTAMPTZ(3) NOT NULL,
    "failures" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "lifted_at" TIMESTAMPTZ(3),
    "lifted_by" TEXT,

    CONSTRAINT "source_block_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "circuit_breaker_endpoint_id_opened_at_idx" ON "circuit_breaker"("endpoint_id", "opened_at" DESC);

-- CreateIndex
CREATE INDEX "traffic_minute_minute_idx" ON "traffic_minute"("minute");

-- CreateIndex
CREATE INDEX "source_block_address_until_idx" ON "source_block"("address", "until" DESC);

-- CreateIndex
CREATE INDEX "source_block_until_idx" ON "source_block"("until" DESC);

-- At most one breaker that is not closed per endpoint.
CREATE UNIQUE INDEX "circuit_breaker_one_active_idx" ON "circuit_breaker"("endpoint_id") WHERE "state" <> 'closed';

-- Adds two objects of counters key by key: {"a":1} + {"a":2,"b":1} = {"a":3,"b":1} (traffic_minute.type_counts).
CREATE FUNCTION hookwarden_jsonb_add_counts(a jsonb, b jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT COALESCE(jsonb_object_agg(key, total), '{}'::jsonb) FROM (
    SELECT key, sum(value::bigint) AS total FROM (
      SELECT key, value FROM jsonb_each_text(COALESCE(a, '{}'::jsonb))
      UNION ALL
      SELECT key, value FROM jsonb_each_text(COALESCE(b, '{}'::jsonb))
    ) pairs GROUP BY key
  ) sums
$$;
