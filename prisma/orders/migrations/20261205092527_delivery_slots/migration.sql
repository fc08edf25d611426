-- AlterTable
ALTER TABLE "orders"."orders" ADD COLUMN     "delivery_zone" TEXT;

-- CreateTable
CREATE TABLE "orders"."delivery_zones" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "fee_cents" INTEGER NOT NULL,
    "slot_capacity" INTEGER NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "delivery_zones_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "orders"."delivery_slots" (
    "zone_id" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "window" "orders"."DeliveryWindow" NOT NULL,
    "reserved" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "delivery_slots_pkey" PRIMARY KEY ("zone_id","date","window")
);

-- AddForeignKey
ALTER TABLE "orders"."delivery_slots" ADD CONSTRAINT "delivery_slots_zone_id_fkey" FOREIGN KEY ("zone_id") REFERENCES "orders"."delivery_zones"("id") ON DELETE CASCADE ON UPDATE CASCADE;
