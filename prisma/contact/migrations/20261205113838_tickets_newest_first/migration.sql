-- CreateIndex
CREATE INDEX "tickets_created_at_idx" ON "contact"."tickets"("created_at");
