-- CreateTable
CREATE TABLE "users"."sent_mails" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "sent_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sent_mails_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "sent_mails_sent_at_idx" ON "users"."sent_mails"("sent_at");
