-- AlterTable
ALTER TABLE "endpoint" ADD COLUMN     "rotation_auto_retire" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "rotation_interval_days" INTEGER,
ADD COLUMN     "rotation_quiet_minutes" INTEGER NOT NULL DEFAULT 60,
ADD COLUMN     "stripe_webhook_endpoint_id" TEXT;

-- AlterTable
ALTER TABLE "signing_secret" ADD COLUMN     "retired_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "secret_rotation" (
    "id" UUID NOT NULL,
    "endpoint_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "old_secret_ids" UUID[],
    "new_secret_id" UUID,
    "old_expires_at" TIMESTAMPTZ(3),
    "confirm_by" TIMESTAMPTZ(3),
    "old_stripe_endpoint_id" TEXT,
    "new_stripe_endpoint_id" TEXT,
    "started_by" TEXT,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "outcome" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "secret_rotation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "secret_rotation_endpoint_id_started_at_idx" ON "secret_rotation"("endpoint_id", "started_at" DESC);

-- CreateIndex
CREATE INDEX "secret_rotation_status_idx" ON "secret_rotation"("status");

-- AddForeignKey
ALTER TABLE "secret_rotation" ADD CONSTRAINT "secret_rotation_endpoint_id_fkey" FOREIGN KEY ("endpoint_id") REFERENCES "endpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- One unfinished rotation per endpoint at a time (a second start is refused, whichever process tries).
CREATE UNIQUE INDEX "secret_rotation_one_open_per_endpoint" ON "secret_rotation"("endpoint_id") WHERE "finished_at" IS NULL;
