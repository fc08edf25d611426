-- CreateEnum
CREATE TYPE "users"."Occasion" AS ENUM ('BIRTHDAY', 'ANNIVERSARY', 'ROMANCE', 'WEDDING', 'NEW_BABY', 'GET_WELL', 'SYMPATHY', 'THANK_YOU', 'CONGRATULATIONS', 'GRADUATION', 'MOTHERS_DAY', 'VALENTINES_DAY', 'JUST_BECAUSE');

-- DropIndex
DROP INDEX "users"."users_email_key";

-- AlterTable
ALTER TABLE "users"."addresses" ADD COLUMN     "instructions" TEXT,
ADD COLUMN     "phone" TEXT;

-- AlterTable
ALTER TABLE "users"."users" ADD COLUMN     "deleted_at" TIMESTAMP(3),
ADD COLUMN     "search_name" TEXT NOT NULL DEFAULT '',
ALTER COLUMN "email" DROP NOT NULL;

-- CreateTable
CREATE TABLE "users"."preferences" (
    "user_id" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "newsletter_opt_in" BOOLEAN NOT NULL DEFAULT false,
    "favourite_flowers" TEXT[],
    "favourite_occasions" "users"."Occasion"[],
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "preferences_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "users"."processed_events" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "processed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "processed_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "addresses_one_default_per_user" ON "users"."addresses"("user_id") WHERE ("is_default" = true);

-- CreateIndex
CREATE INDEX "users_email_prefix_idx" ON "users"."users" USING SPGIST ("email");

-- CreateIndex
CREATE INDEX "users_search_name_prefix_idx" ON "users"."users" USING SPGIST ("search_name");

-- CreateIndex
CREATE INDEX "users_created_at_id_idx" ON "users"."users"("created_at" DESC, "id" DESC);

-- AddForeignKey
ALTER TABLE "users"."preferences" ADD CONSTRAINT "preferences_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"."users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
