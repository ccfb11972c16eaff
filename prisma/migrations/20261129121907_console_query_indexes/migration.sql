-- DropIndex
DROP INDEX "stripe_event_customer_id_idx";

-- DropIndex
DROP INDEX "stripe_event_status_first_received_at_idx";

-- DropIndex
DROP INDEX "stripe_event_type_first_received_at_idx";

-- AlterTable (hand-edited: the default is set after the column is added, so that existing
-- deliveries keep NULL, "not measured", instead of the time of this migration, and the
-- table is not rewritten)
ALTER TABLE "delivery" ADD COLUMN     "recorded_at" TIMESTAMPTZ(3);
ALTER TABLE "delivery" ALTER COLUMN "recorded_at" SET DEFAULT clock_timestamp();

-- AlterTable
ALTER TABLE "stripe_event" ADD COLUMN     "amount" BIGINT,
ADD COLUMN     "currency" TEXT;

-- CreateTable
CREATE TABLE "intake_minute" (
    "minute" TIMESTAMPTZ(3) NOT NULL,
    "shard" SMALLINT NOT NULL,
    "deliveries" INTEGER NOT NULL,
    "events" INTEGER NOT NULL,

    CONSTRAINT "intake_minute_pkey" PRIMARY KEY ("minute","shard")
);

-- CreateTable
CREATE TABLE "event_status_tally" (
    "status" TEXT NOT NULL,
    "backend" INTEGER NOT NULL,
    "events" BIGINT NOT NULL,

    CONSTRAINT "event_status_tally_pkey" PRIMARY KEY ("status","backend")
);

-- CreateTable
CREATE TABLE "quarantine_open_tally" (
    "reason" TEXT NOT NULL,
    "backend" INTEGER NOT NULL,
    "items" BIGINT NOT NULL,

    CONSTRAINT "quarantine_open_tally_pkey" PRIMARY KEY ("reason","backend")
);

-- CreateIndex
CREATE INDEX "stripe_event_status_first_received_at_id_idx" ON "stripe_event"("status", "first_received_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "stripe_event_type_first_received_at_id_idx" ON "stripe_event"("type", "first_received_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "stripe_event_customer_id_first_received_at_id_idx" ON "stripe_event"("customer_id", "first_received_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "stripe_event_endpoint_id_first_received_at_id_idx" ON "stripe_event"("endpoint_id", "first_received_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "stripe_event_object_id_idx" ON "stripe_event"("object_id");

-- Hand-written from here: Prisma's schema language cannot express partial indexes or
-- triggers, so they live here only.

-- Test-mode events, newest first: the console's livemode filter. Live events are the
-- bulk of a production ledger and are found quickly in the main time index.
CREATE INDEX "stripe_event_test_mode_idx" ON "stripe_event" ("first_received_at" DESC, "id" DESC) WHERE NOT "livemode";

-- Open quarantine items by reason, newest first: the console's quarantine groups and pages.
-- Decided items (the bulk over time) never enter it.
CREATE INDEX "quarantine_item_open_idx" ON "quarantine_item" ("reason", "created_at" DESC, "event_id" DESC) WHERE "status" = 'open';

-- Rollups for the console's overview, kept in the transaction of each write, so they are
-- exact at every snapshot. Each takes its share of the counting from the connection
-- (pg_backend_pid()), so that concurrent writers never queue behind one hot row.

-- Deliveries and new events per minute. Intake writes one delivery per statement, so a
-- connection holds at most one of these rows at a time: no deadlock is possible.
CREATE FUNCTION "hookwarden_count_intake_minute"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "intake_minute" ("minute", "shard", "deliveries", "events")
  VALUES (date_trunc('minute', NEW."received_at"), pg_backend_pid() % 4, 1, CASE WHEN NEW."kind" = 'first' THEN 1 ELSE 0 END)
  ON CONFLICT ("minute", "shard") DO UPDATE
    SET "deliveries" = "intake_minute"."deliveries" + 1, "events" = "intake_minute"."events" + EXCLUDED."events";
  RETURN NULL;
END $$;

-- Events per status. One row per (status, connection): a connection runs one transaction
-- at a time, so two transactions never wait for each other here, whatever order they
-- change statuses in. server/overview/get-overview.ts folds the rows of ended
-- connections into backend 0 (here and in quarantine_open_tally).
CREATE FUNCTION "hookwarden_count_event_status"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "event_status_tally" ("status", "backend", "events") VALUES (NEW."status", pg_backend_pid(), 1)
    ON CONFLICT ("status", "backend") DO UPDATE SET "events" = "event_status_tally"."events" + 1;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO "event_status_tally" ("status", "backend", "events") VALUES (OLD."status", pg_backend_pid(), -1)
    ON CONFLICT ("status", "backend") DO UPDATE SET "events" = "event_status_tally"."events" - 1;
  ELSE
    INSERT INTO "event_status_tally" ("status", "backend", "events")
    VALUES (OLD."status", pg_backend_pid(), -1), (NEW."status", pg_backend_pid(), 1)
    ON CONFLICT ("status", "backend") DO UPDATE SET "events" = "event_status_tally"."events" + EXCLUDED."events";
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION "hookwarden_clear_event_status_tally"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "event_status_tally";
  RETURN NULL;
END $$;

-- Open quarantine items per reason, the same way. An item's reason can change when its
-- event is quarantined again (processing re-opens the item).
CREATE FUNCTION "hookwarden_count_open_quarantine"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD."status" = 'open' THEN
    INSERT INTO "quarantine_open_tally" ("reason", "backend", "items") VALUES (OLD."reason", pg_backend_pid(), -1)
    ON CONFLICT ("reason", "backend") DO UPDATE SET "items" = "quarantine_open_tally"."items" - 1;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW."status" = 'open' THEN
    INSERT INTO "quarantine_open_tally" ("reason", "backend", "items") VALUES (NEW."reason", pg_backend_pid(), 1)
    ON CONFLICT ("reason", "backend") DO UPDATE SET "items" = "quarantine_open_tally"."items" + 1;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION "hookwarden_clear_quarantine_open_tally"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "quarantine_open_tally";
  RETURN NULL;
END $$;

-- The triggers exist before the counts are taken, and the lock keeps writers out in
-- between: nothing is counted twice or missed on a live ledger.
LOCK TABLE "stripe_event", "delivery", "quarantine_item" IN SHARE ROW EXCLUSIVE MODE;

CREATE TRIGGER "delivery_intake_minute" AFTER INSERT ON "delivery"
  FOR EACH ROW EXECUTE FUNCTION "hookwarden_count_intake_minute"();
CREATE TRIGGER "stripe_event_status_tally" AFTER INSERT OR DELETE ON "stripe_event"
  FOR EACH ROW EXECUTE FUNCTION "hookwarden_count_event_status"();
CREATE TRIGGER "stripe_event_status_tally_change" AFTER UPDATE OF "status" ON "stripe_event"
  FOR EACH ROW WHEN (OLD."status" IS DISTINCT FROM NEW."status") EXECUTE FUNCTION "hookwarden_count_event_status"();
CREATE TRIGGER "stripe_event_status_tally_truncate" AFTER TRUNCATE ON "stripe_event"
  FOR EACH STATEMENT EXECUTE FUNCTION "hookwarden_clear_event_status_tally"();
CREATE TRIGGER "quarantine_item_open_tally" AFTER INSERT OR DELETE ON "quarantine_item"
  FOR EACH ROW EXECUTE FUNCTION "hookwarden_count_open_quarantine"();
CREATE TRIGGER "quarantine_item_open_tally_change" AFTER UPDATE OF "status", "reason" ON "quarantine_item"
  FOR EACH ROW WHEN (OLD."status" IS DISTINCT FROM NEW."status" OR OLD."reason" IS DISTINCT FROM NEW."reason")
  EXECUTE FUNCTION "hookwarden_count_open_quarantine"();
CREATE TRIGGER "quarantine_item_open_tally_truncate" AFTER TRUNCATE ON "quarantine_item"
  FOR EACH STATEMENT EXECUTE FUNCTION "hookwarden_clear_quarantine_open_tally"();

INSERT INTO "event_status_tally" ("status", "backend", "events")
SELECT "status", 0, count(*) FROM "stripe_event" GROUP BY "status";

INSERT INTO "quarantine_open_tally" ("reason", "backend", "items")
SELECT "reason", 0, count(*) FROM "quarantine_item" WHERE "status" = 'open' GROUP BY "reason";

INSERT INTO "intake_minute" ("minute", "shard", "deliveries", "events")
SELECT date_trunc('minute', "received_at"), 0, count(*), count(*) FILTER (WHERE "kind" = 'first') FROM "delivery" GROUP BY 1;
