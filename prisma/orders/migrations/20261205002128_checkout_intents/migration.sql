-- CreateEnum
CREATE TYPE "orders"."CheckoutIntentState" AS ENUM ('OPEN', 'PLACED', 'ABANDONED', 'RELEASED');

-- CreateTable
CREATE TABLE "orders"."checkout_intents" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "idempotency_key" TEXT,
    "state" "orders"."CheckoutIntentState" NOT NULL DEFAULT 'OPEN',
    "lines" JSONB NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "release_attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "checkout_intents_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "checkout_intents_state_due_at_idx" ON "orders"."checkout_intents"("state", "due_at");

-- CreateIndex
CREATE INDEX "checkout_intents_finished_at_idx" ON "orders"."checkout_intents"("finished_at");
