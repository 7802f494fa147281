-- AlterTable
ALTER TABLE "Integration" ADD COLUMN     "switchboardFingerprint" TEXT;
