-- AlterEnum
ALTER TYPE "SyncMode" ADD VALUE 'PREVIEW';
