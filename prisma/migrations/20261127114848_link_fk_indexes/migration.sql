-- CreateIndex
CREATE INDEX "Link_switchboardUserId_idx" ON "Link"("switchboardUserId");

-- CreateIndex
CREATE INDEX "Link_phoneNumberId_idx" ON "Link"("phoneNumberId");
