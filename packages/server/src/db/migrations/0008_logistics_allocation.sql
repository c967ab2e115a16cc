CREATE TABLE "order_allocations" (
	"order_id" bigint PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"rule" text NOT NULL,
	"reason" text NOT NULL,
	"estimated_cost" bigint,
	"parcels" integer DEFAULT 0 NOT NULL,
	"plan" jsonb NOT NULL,
	"attempts" integer DEFAULT 1 NOT NULL,
	"allocated_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "order_allocations_status_check" CHECK ("order_allocations"."status" in ('allocated','backorder','released'))
);
--> statement-breakpoint
ALTER TABLE "shipments" DROP CONSTRAINT "shipments_status_check";--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "allocation_rule" text;--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "allocation_reason" text;--> statement-breakpoint
ALTER TABLE "shipments" ADD COLUMN "estimated_cost" bigint;--> statement-breakpoint
ALTER TABLE "order_allocations" ADD CONSTRAINT "order_allocations_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "order_allocations_status_idx" ON "order_allocations" USING btree ("status");--> statement-breakpoint
ALTER TABLE "shipments" ADD CONSTRAINT "shipments_status_check" CHECK ("shipments"."status" in ('pending','shipped','delivered','returned','lost','cancelled'));