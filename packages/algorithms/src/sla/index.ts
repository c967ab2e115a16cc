export { localDate, zonedToUtc, openingIntervals, validateCalendar, type BusinessCalendar, type OpeningInterval } from './business-calendar.js';
export { addBusinessMinutes, addBusinessMinutesPaused, businessMinutesBetween, businessMinutesBetweenPaused, slaStatus, type SlaPause, type SlaState, type SlaStatus, type SlaTargetStatus, type SlaTargets } from './sla-clock.js';
