-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "sessionsValidFrom" TIMESTAMP(3);
