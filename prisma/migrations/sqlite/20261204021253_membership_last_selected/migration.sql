-- AlterTable
ALTER TABLE "Membership" ADD COLUMN "lastSelectedAt" DATETIME;
