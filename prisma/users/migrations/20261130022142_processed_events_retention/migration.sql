-- CreateIndex
CREATE INDEX "processed_events_processed_at_idx" ON "users"."processed_events"("processed_at");
