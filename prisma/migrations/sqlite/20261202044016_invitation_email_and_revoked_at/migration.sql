-- AlterTable
ALTER TABLE "Invitation" ADD COLUMN "emailId" INTEGER;
ALTER TABLE "Invitation" ADD COLUMN "revokedAt" DATETIME;
