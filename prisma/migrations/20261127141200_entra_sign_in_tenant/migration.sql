-- AlterTable
ALTER TABLE "Account" ADD COLUMN     "entraTenantId" TEXT;
