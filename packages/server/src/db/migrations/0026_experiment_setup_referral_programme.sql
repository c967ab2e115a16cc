CREATE TABLE "pricing_referral_programme" (
	"id" integer PRIMARY KEY NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"reward" jsonb NOT NULL,
	"window_days" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pricing_referral_programme_singleton" CHECK ("pricing_referral_programme"."id" = 1),
	CONSTRAINT "pricing_referral_programme_window_check" CHECK ("pricing_referral_programme"."window_days" between 0 and 365)
);
--> statement-breakpoint
ALTER TABLE "experiments" ADD COLUMN "unit" text DEFAULT 'customer' NOT NULL;--> statement-breakpoint
ALTER TABLE "experiments" ADD COLUMN "primary_metric" text DEFAULT 'conversion' NOT NULL;--> statement-breakpoint
ALTER TABLE "experiments" ADD COLUMN "ends_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "experiments" ADD CONSTRAINT "experiments_unit_check" CHECK ("experiments"."unit" in ('customer','visitor','session'));--> statement-breakpoint
ALTER TABLE "experiments" ADD CONSTRAINT "experiments_primary_metric_check" CHECK ("experiments"."primary_metric" in ('conversion','revenue','aov','repurchase'));--> statement-breakpoint
ALTER TABLE "experiments" ADD CONSTRAINT "experiments_window_check" CHECK ("experiments"."ends_at" is null or "experiments"."ends_at" > "experiments"."started_at");