-- The order log's global position (what the staff feed's cursors name), and the one-row head it is taken from.

-- AlterTable
ALTER TABLE "orders"."order_events" ADD COLUMN     "position" BIGINT;

-- CreateTable
CREATE TABLE "orders"."order_log_head" (
    "id" INTEGER NOT NULL,
    "position" BIGINT NOT NULL,

    CONSTRAINT "order_log_head_pkey" PRIMARY KEY ("id")
);

-- The events already written, numbered in the order they happened; the head starts after the last of them. The
-- log is append-only (order_events_append_only): this one numbering is the only change it is let through, here.
ALTER TABLE "orders"."order_events" DISABLE TRIGGER "order_events_append_only";
UPDATE "orders"."order_events" AS event
SET "position" = numbered."position"
FROM (SELECT "id", row_number() OVER (ORDER BY "occurred_at", "order_id", "sequence") AS "position" FROM "orders"."order_events") AS numbered
WHERE event."id" = numbered."id";
ALTER TABLE "orders"."order_events" ENABLE TRIGGER "order_events_append_only";

INSERT INTO "orders"."order_log_head" ("id", "position") SELECT 1, COALESCE(MAX("position"), 0) FROM "orders"."order_events";

-- CreateIndex
CREATE UNIQUE INDEX "order_events_position_key" ON "orders"."order_events"("position");
