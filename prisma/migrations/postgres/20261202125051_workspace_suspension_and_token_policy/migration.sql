-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN     "accessTokenMinutes" INTEGER,
ADD COLUMN     "maxAccessTokenMinutes" INTEGER,
ADD COLUMN     "maxSessionHours" INTEGER,
ADD COLUMN     "sessionHours" INTEGER,
ADD COLUMN     "suspendedAt" TIMESTAMP(3),
ADD COLUMN     "suspendedReason" TEXT;
