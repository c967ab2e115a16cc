import { sql } from 'drizzle-orm';

/**
 * The advisory lock key a step's run holds for its whole transaction (pipeline runner). A writer
 * that must not interleave with a run of the step (the analytics rollups' watermark) takes it
 * shared.
 */
export const stepLockKey = (step: string) => sql`hashtext(${`zhanggui pipeline ${step}`})`;
