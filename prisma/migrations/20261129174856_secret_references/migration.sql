-- AlterTable
ALTER TABLE "endpoint" ADD COLUMN     "stripe_api_key_reference" TEXT;

-- AlterTable
ALTER TABLE "signing_secret" ADD COLUMN     "reference" TEXT,
ALTER COLUMN "ciphertext" DROP NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "signing_secret_endpoint_id_reference_key" ON "signing_secret"("endpoint_id", "reference");

-- Written by hand (Prisma's schema language cannot say these). A signing secret is either
-- stored here, encrypted, or named by a reference to a secret provider; never both, never neither.
-- An endpoint's Stripe key likewise: a ciphertext or a reference, not both.
ALTER TABLE "signing_secret"
  ADD CONSTRAINT "signing_secret_stored_or_referenced" CHECK (("ciphertext" IS NULL) <> ("reference" IS NULL));
ALTER TABLE "endpoint"
  ADD CONSTRAINT "endpoint_stripe_key_stored_or_referenced" CHECK ("stripe_api_key_ciphertext" IS NULL OR "stripe_api_key_reference" IS NULL);
