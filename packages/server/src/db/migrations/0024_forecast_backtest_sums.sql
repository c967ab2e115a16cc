ALTER TABLE "demand_forecasts" ADD COLUMN "backtest_actual_abs" double precision;--> statement-breakpoint
ALTER TABLE "demand_forecasts" ADD COLUMN "backtest_actual_sum" double precision;