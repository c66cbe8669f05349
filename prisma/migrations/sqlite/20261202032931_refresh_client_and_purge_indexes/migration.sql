-- AlterTable
ALTER TABLE "RefreshToken" ADD COLUMN "rotatedByIp" TEXT;
ALTER TABLE "RefreshToken" ADD COLUMN "rotatedByUserAgent" TEXT;

-- CreateIndex
CREATE INDEX "Session_revokedAt_idx" ON "Session"("revokedAt");

-- CreateIndex
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");

-- CreateIndex
CREATE INDEX "RefreshToken_usedAt_idx" ON "RefreshToken"("usedAt");

-- CreateIndex
CREATE INDEX "AuditEvent_createdAt_idx" ON "AuditEvent"("createdAt");

-- CreateIndex
CREATE INDEX "ThrottleCounter_windowStart_idx" ON "ThrottleCounter"("windowStart");
