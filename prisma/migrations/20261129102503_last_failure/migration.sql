-- AlterTable
ALTER TABLE "payment_transaction" ADD COLUMN     "last_failure_at" TIMESTAMPTZ(3);
