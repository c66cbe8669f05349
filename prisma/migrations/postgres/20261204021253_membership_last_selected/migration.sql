-- AlterTable
ALTER TABLE "Membership" ADD COLUMN     "lastSelectedAt" TIMESTAMP(3);
