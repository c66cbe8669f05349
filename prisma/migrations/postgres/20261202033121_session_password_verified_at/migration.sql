-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "passwordVerifiedAt" TIMESTAMP(3);
