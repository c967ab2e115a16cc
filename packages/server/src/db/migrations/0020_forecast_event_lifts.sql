ALTER TABLE "demand_forecast_points" ADD COLUMN "base_mean" double precision;--> statement-breakpoint
ALTER TABLE "demand_forecast_points" ADD COLUMN "lift" double precision DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "demand_forecast_points" ADD COLUMN "event" text;--> statement-breakpoint
ALTER TABLE "demand_forecasts" ADD COLUMN "event_lifts" jsonb;