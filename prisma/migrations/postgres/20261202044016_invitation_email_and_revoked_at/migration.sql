-- AlterTable
ALTER TABLE "Invitation" ADD COLUMN     "emailId" INTEGER,
ADD COLUMN     "revokedAt" TIMESTAMP(3);
