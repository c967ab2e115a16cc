ALTER TABLE "alert_rules" ADD COLUMN "device" text;--> statement-breakpoint
ALTER TABLE "goals" ADD COLUMN "device" text;--> statement-breakpoint
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_device_check" CHECK ("alert_rules"."device" is null or "alert_rules"."device" in ('desktop', 'mobile', 'tablet', 'unknown'));--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_device_check" CHECK ("goals"."device" is null or "goals"."device" in ('desktop', 'mobile', 'tablet', 'unknown'));