-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "mfaChallengeUserId" INTEGER;

-- CreateIndex
CREATE UNIQUE INDEX "Session_mfaChallengeUserId_key" ON "Session"("mfaChallengeUserId");
