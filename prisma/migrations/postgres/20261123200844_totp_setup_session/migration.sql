-- AlterTable
ALTER TABLE "TotpFactor" ADD COLUMN     "pendingSessionId" TEXT;
