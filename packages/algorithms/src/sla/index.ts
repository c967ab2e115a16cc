export { localDate, zonedToUtc, openingIntervals, validateCalendar, type BusinessCalendar, type OpeningInterval } from './business-calendar.js';
export { addBusinessMinutes, businessMinutesBetween, slaStatus, type SlaState, type SlaStatus, type SlaTargetStatus, type SlaTargets } from './sla-clock.js';
