-- AlterTable
ALTER TABLE "Session" ADD COLUMN "passwordVerifiedAt" DATETIME;
