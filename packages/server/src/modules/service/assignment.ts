/** An agent who can take tickets: the categories they handle and when they last got one. */
export interface AgentLoad {
  userId: number;
  skills: string[];
  lastAssignedAt: Date | null;
}

/**
 * Skill-based round robin: among active agents whose skills include the category (all agents when
 * none has it), the one who waited longest since their last assignment; never-assigned first, then
 * lowest id. Null when there is no agent.
 */
export function pickAgent(agents: readonly AgentLoad[], category: string, mode: 'skill' | 'round_robin' = 'skill'): number | null {
  const skilled = mode === 'skill' ? agents.filter((a) => a.skills.includes(category)) : [];
  const pool = skilled.length > 0 ? skilled : agents;
  if (pool.length === 0) return null;
  const sorted = [...pool].sort((a, b) => (a.lastAssignedAt?.getTime() ?? -Infinity) - (b.lastAssignedAt?.getTime() ?? -Infinity) || a.userId - b.userId);
  return sorted[0]!.userId;
}
