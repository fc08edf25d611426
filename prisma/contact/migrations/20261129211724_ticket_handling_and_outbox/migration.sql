-- CreateEnum
CREATE TYPE "contact"."TicketMessageKind" AS ENUM ('REPLY', 'NOTE');

-- AlterTable
ALTER TABLE "contact"."tickets" ADD COLUMN     "assignee_id" TEXT;

-- CreateTable
CREATE TABLE "contact"."ticket_messages" (
    "id" TEXT NOT NULL,
    "ticket_id" TEXT NOT NULL,
    "kind" "contact"."TicketMessageKind" NOT NULL,
    "author_id" TEXT NOT NULL,
    "from_staff" BOOLEAN NOT NULL,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ticket_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "contact"."outbox_events" (
    "id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "published_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "outbox_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ticket_messages_ticket_id_created_at_idx" ON "contact"."ticket_messages"("ticket_id", "created_at");

-- CreateIndex
CREATE INDEX "outbox_events_published_at_occurred_at_idx" ON "contact"."outbox_events"("published_at", "occurred_at");

-- CreateIndex
CREATE INDEX "tickets_user_id_created_at_idx" ON "contact"."tickets"("user_id", "created_at");

-- AddForeignKey
ALTER TABLE "contact"."ticket_messages" ADD CONSTRAINT "ticket_messages_ticket_id_fkey" FOREIGN KEY ("ticket_id") REFERENCES "contact"."tickets"("id") ON DELETE CASCADE ON UPDATE CASCADE;
