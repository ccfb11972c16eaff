-- AlterTable
ALTER TABLE "endpoint" ADD COLUMN     "source_policy" TEXT NOT NULL DEFAULT 'monitor';

-- AlterTable
ALTER TABLE "stripe_event" ADD COLUMN     "held_ref" TEXT,
ADD COLUMN     "hold_released_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "gatekeeper_decision" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "endpoint_id" UUID,
    "kind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "explanation" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "gatekeeper_decision_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "gatekeeper_decision_at_idx" ON "gatekeeper_decision"("at" DESC);

-- CreateIndex
CREATE INDEX "gatekeeper_decision_endpoint_id_at_idx" ON "gatekeeper_decision"("endpoint_id", "at" DESC);

-- CreateIndex
CREATE INDEX "gatekeeper_decision_kind_at_idx" ON "gatekeeper_decision"("kind", "at" DESC);

-- CreateIndex
CREATE INDEX "stripe_event_held_ref_idx" ON "stripe_event"("held_ref");
