CREATE TABLE "analytics_cohort_months" (
	"cohort" date NOT NULL,
	"month" date NOT NULL,
	"customers" integer NOT NULL,
	CONSTRAINT "analytics_cohort_months_cohort_month_pk" PRIMARY KEY("cohort","month")
);
--> statement-breakpoint
CREATE TABLE "analytics_customer_first" (
	"customer_id" bigint PRIMARY KEY NOT NULL,
	"first_day" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics_distinct_daily" (
	"grain" smallint NOT NULL,
	"level" smallint NOT NULL,
	"day" date NOT NULL,
	"channel_id" bigint NOT NULL,
	"device" text NOT NULL,
	"gap" integer,
	"gap2" integer,
	"n" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics_rollup_state" (
	"name" text PRIMARY KEY NOT NULL,
	"watermark" date NOT NULL,
	"built_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics_sales_daily" (
	"day" date NOT NULL,
	"channel_id" bigint NOT NULL,
	"device" text NOT NULL,
	"orders" integer NOT NULL,
	"gmv" bigint NOT NULL,
	"paid_amount" bigint NOT NULL,
	"cogs" bigint NOT NULL,
	"refunds" bigint NOT NULL,
	"refund_cost" bigint NOT NULL,
	CONSTRAINT "analytics_sales_daily_day_channel_id_device_pk" PRIMARY KEY("day","channel_id","device")
);
--> statement-breakpoint
CREATE INDEX "analytics_distinct_daily_idx" ON "analytics_distinct_daily" USING btree ("grain","level","day");