-- AlterTable
ALTER TABLE "OutboxEmail" ADD COLUMN     "idempotencyKey" TEXT NOT NULL,
ADD COLUMN     "leaseOwner" TEXT,
ADD COLUMN     "leaseUntil" TIMESTAMP(3),
ADD COLUMN     "provider" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "OutboxEmail_idempotencyKey_key" ON "OutboxEmail"("idempotencyKey");

-- CreateIndex
CREATE INDEX "OutboxEmail_workspaceId_idx" ON "OutboxEmail"("workspaceId");
