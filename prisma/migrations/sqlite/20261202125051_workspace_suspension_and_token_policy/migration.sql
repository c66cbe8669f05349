-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN "accessTokenMinutes" INTEGER;
ALTER TABLE "Workspace" ADD COLUMN "maxAccessTokenMinutes" INTEGER;
ALTER TABLE "Workspace" ADD COLUMN "maxSessionHours" INTEGER;
ALTER TABLE "Workspace" ADD COLUMN "sessionHours" INTEGER;
ALTER TABLE "Workspace" ADD COLUMN "suspendedAt" DATETIME;
ALTER TABLE "Workspace" ADD COLUMN "suspendedReason" TEXT;
