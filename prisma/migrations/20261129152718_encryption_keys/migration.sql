-- CreateTable
CREATE TABLE "encryption_key" (
    "version" SMALLINT NOT NULL,
    "wrapped_key" BYTEA,
    "status" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activated_at" TIMESTAMPTZ(3),
    "retired_at" TIMESTAMPTZ(3),

    CONSTRAINT "encryption_key_pkey" PRIMARY KEY ("version")
);

-- Written by hand (Prisma's schema language cannot say these). A version fits the one byte
-- that every ciphertext carries; version 1 is the master key, so only it has no wrapped key.
ALTER TABLE "encryption_key"
  ADD CONSTRAINT "encryption_key_version_byte" CHECK ("version" BETWEEN 1 AND 255),
  ADD CONSTRAINT "encryption_key_status" CHECK ("status" IN ('pending', 'current', 'draining', 'retired')),
  ADD CONSTRAINT "encryption_key_wrapped" CHECK (("version" = 1) = ("wrapped_key" IS NULL));
-- At most one key encrypts, and at most one rotation is under way.
CREATE UNIQUE INDEX "encryption_key_one_current" ON "encryption_key" ((true)) WHERE "status" = 'current';
CREATE UNIQUE INDEX "encryption_key_one_pending" ON "encryption_key" ((true)) WHERE "status" = 'pending';
