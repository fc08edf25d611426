-- CreateEnum
CREATE TYPE "orders"."DeliveryWindow" AS ENUM ('MORNING', 'AFTERNOON', 'EVENING');

-- AlterTable
ALTER TABLE "orders"."orders" ADD COLUMN     "cart_id" TEXT,
ADD COLUMN     "delivery_address" JSONB,
ADD COLUMN     "delivery_date" DATE,
ADD COLUMN     "delivery_fee_cents" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "delivery_window" "orders"."DeliveryWindow",
ADD COLUMN     "gift_message" TEXT,
ADD COLUMN     "idempotency_key" TEXT,
ADD COLUMN     "total_cents" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "orders"."order_events" (
    "id" UUID NOT NULL,
    "order_id" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "status" "orders"."OrderStatus" NOT NULL,
    "previous_status" "orders"."OrderStatus",
    "actor_id" TEXT NOT NULL,
    "actor_role" TEXT NOT NULL,
    "note" TEXT,
    "payload" JSONB NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "order_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "orders"."outbox_events" (
    "id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "published_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "outbox_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "order_events_order_id_sequence_key" ON "orders"."order_events"("order_id", "sequence");

-- CreateIndex
CREATE INDEX "outbox_events_published_at_occurred_at_idx" ON "orders"."outbox_events"("published_at", "occurred_at");

-- CreateIndex
CREATE INDEX "orders_status_created_at_idx" ON "orders"."orders"("status", "created_at");

-- CreateIndex
CREATE INDEX "orders_created_at_idx" ON "orders"."orders"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "orders_user_id_idempotency_key_key" ON "orders"."orders"("user_id", "idempotency_key");

-- AddForeignKey
ALTER TABLE "orders"."order_events" ADD CONSTRAINT "order_events_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"."orders"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Orders placed before this migration: their total is their subtotal, and their history starts with an
-- ORDER_PLACED event of their current status, so every order has a timeline and a version.
UPDATE "orders"."orders" SET "total_cents" = "subtotal_cents", "version" = 1;
INSERT INTO "orders"."order_events" ("id", "order_id", "sequence", "type", "status", "actor_id", "actor_role", "payload", "occurred_at")
SELECT gen_random_uuid(), "id", 1, 'ORDER_PLACED', "status", "user_id", 'CUSTOMER', '{"migrated": true}'::jsonb, "created_at" FROM "orders"."orders";

-- The event log is append-only: the database refuses to change an event, and to delete one unless the
-- transaction declares a deliberate purge (`SET LOCAL flores.purge_order_events = 'on'`: erasing whole
-- orders, e.g. for data retention or in tests), which deletes through the orders' ON DELETE CASCADE.
CREATE FUNCTION "orders"."refuse_order_event_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('flores.purge_order_events', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'order_events is append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER "order_events_append_only" BEFORE UPDATE OR DELETE ON "orders"."order_events"
  FOR EACH ROW EXECUTE FUNCTION "orders"."refuse_order_event_change"();
