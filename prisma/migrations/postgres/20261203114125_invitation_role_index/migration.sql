-- CreateIndex
CREATE INDEX "Invitation_roleId_idx" ON "Invitation"("roleId");
