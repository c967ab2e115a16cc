// Result shapes shared by the forecasting models: plain arrays in, plain arrays out.

export interface Forecast {
  /** Point forecasts for steps 1..h. */
  mean: number[];
}

export interface SeasonalOptions {
  /** Observations per seasonal cycle (M4: 1 Weekly, 24 Hourly); 1 means non-seasonal. */
  seasonLength?: number;
}
