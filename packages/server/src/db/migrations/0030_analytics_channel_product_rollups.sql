CREATE TABLE "analytics_attributed_daily" (
	"day" date NOT NULL,
	"channel_id" bigint NOT NULL,
	"campaign_id" bigint NOT NULL,
	"orders" integer NOT NULL,
	"gmv" bigint NOT NULL,
	"margin" bigint NOT NULL,
	"new_buyers" integer NOT NULL,
	CONSTRAINT "analytics_attributed_daily_day_channel_id_campaign_id_pk" PRIMARY KEY("day","channel_id","campaign_id")
);
--> statement-breakpoint
CREATE TABLE "analytics_attributed_refunds" (
	"day" date NOT NULL,
	"refund_day" date NOT NULL,
	"channel_id" bigint NOT NULL,
	"campaign_id" bigint NOT NULL,
	"net" bigint NOT NULL,
	CONSTRAINT "analytics_attributed_refunds_day_refund_day_channel_id_campaign_id_pk" PRIMARY KEY("day","refund_day","channel_id","campaign_id")
);
--> statement-breakpoint
CREATE TABLE "analytics_sku_daily" (
	"day" date NOT NULL,
	"channel_id" bigint NOT NULL,
	"sku_id" bigint NOT NULL,
	"units" bigint NOT NULL,
	"orders" integer NOT NULL,
	"gmv" bigint NOT NULL,
	"paid_amount" bigint NOT NULL,
	"cogs" bigint NOT NULL,
	"refunds" bigint NOT NULL,
	"refunded_lines" integer NOT NULL,
	CONSTRAINT "analytics_sku_daily_channel_id_day_sku_id_pk" PRIMARY KEY("channel_id","day","sku_id")
);
