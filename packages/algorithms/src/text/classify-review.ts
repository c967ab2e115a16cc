// Offline review classifier: topic and sentiment of a Chinese or English review from hand-kept
// lexicons and a few rules (greedy longest match, negation window, intensifiers, hedges,
// "but" clauses). In the spirit of VADER (Hutto & Gilbert 2014) and HowNet-style Chinese lexicons.
import { CONTRAST, IGNORED, INTENSIFIERS, NEGATORS, SENTIMENT_WORDS, TOPIC_WORDS, TOPICS, type Topic } from './lexicon.js';

export type Sentiment = 'positive' | 'neutral' | 'negative';

export interface ReviewClassification {
  /** The main topic: the one with the most (complaint-weighted) mentions, or 'other'. */
  topic: Topic | 'other';
  /** Every topic mentioned, by score. */
  topics: { topic: Topic; score: number }[];
  sentiment: Sentiment;
  /** Summed sentiment; 0.5 or more is positive, −0.5 or less negative. */
  score: number;
}

type Kind = 'sentiment' | 'negator' | 'intensifier' | 'contrast' | 'ignored';
interface Entry { text: string; kind: Kind; weight: number; latin: boolean }
interface Match { start: number; end: number; entry: Entry }

const isLatin = (c: string | undefined) => c !== undefined && /[a-z0-9']/.test(c);

function buildIndex(): Map<string, Entry[]> {
  const all: Entry[] = [];
  const add = (text: string, kind: Kind, weight = 0) => all.push({ text, kind, weight, latin: /^[a-z]/.test(text) });
  for (const [t, w] of Object.entries(SENTIMENT_WORDS)) add(t, 'sentiment', w);
  for (const t of NEGATORS) add(t, 'negator');
  for (const t of INTENSIFIERS) add(t, 'intensifier');
  for (const t of CONTRAST) add(t, 'contrast');
  for (const t of IGNORED) add(t, 'ignored');
  const index = new Map<string, Entry[]>();
  for (const e of all) {
    const list = index.get(e.text[0]!) ?? [];
    list.push(e);
    index.set(e.text[0]!, list);
  }
  for (const list of index.values()) list.sort((a, b) => b.text.length - a.text.length);
  return index;
}

const INDEX = buildIndex();

/** Full-width to half-width, lower case, curly apostrophes straightened. */
export function normaliseText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\u2018\u2019]/g, "'");
}

function scan(text: string): Match[] {
  const out: Match[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (isLatin(c) && isLatin(text[i - 1])) { i++; continue; }
    let found: Match | undefined;
    for (const e of INDEX.get(c) ?? []) {
      if (!text.startsWith(e.text, i)) continue;
      if (e.latin && isLatin(text[i + e.text.length])) continue;
      found = { start: i, end: i + e.text.length, entry: e };
      break;
    }
    if (found) { out.push(found); i = found.end; } else i++;
  }
  return out;
}

const CLAUSE_BREAK = /[,.!?;:，。！？；：、\n~…()（）]+/;

function clauseScore(clause: string): { score: number; hedged: boolean; contrast: boolean } {
  const matches = scan(clause);
  let score = 0;
  let hedged = false;
  let contrast = false;
  let negatedUntil = -1; // a sentiment word starting at or before this position is negated
  let boost = 1;
  let boostUntil = -1;
  let after = 1; // weight after a contrast word
  for (let k = 0; k < matches.length; k++) {
    const m = matches[k]!;
    const { kind, weight, latin } = m.entry;
    const window = latin ? 16 : 2;
    if (kind === 'negator') { negatedUntil = m.end + window; continue; }
    if (kind === 'intensifier') { boost = 1.5; boostUntil = m.end + (latin ? 1 : 0); continue; }
    if (kind === 'contrast') { score *= 0.5; after = 1.5; contrast = true; continue; }
    if (kind !== 'sentiment') continue;
    // 好 right before another sentiment word intensifies it (好慢, 好贵).
    const next = matches[k + 1];
    if (m.entry.text === '好' && next && next.start === m.end && next.entry.kind === 'sentiment') { boost = 1.5; boostUntil = m.end; continue; }
    if (weight === 0) { hedged = true; continue; }
    let w = weight * (m.start <= boostUntil ? boost : 1) * after;
    if (m.start <= negatedUntil) { w = w > 0 ? -w : -0.5 * w; negatedUntil = -1; }
    score += w;
  }
  return { score, hedged, contrast };
}

const TOPIC_INDEX: { text: string; topic: Topic; latin: boolean }[] = TOPICS
  .flatMap((topic) => TOPIC_WORDS[topic].map((text) => ({ text, topic, latin: /^[a-z]/.test(text) })))
  .sort((a, b) => b.text.length - a.text.length);

/** Topic words in a clause by greedy longest match, so 压坏了 counts once (packaging), not also as 坏了. */
function topicMentions(clause: string): { topic: Topic; at: number }[] {
  const out: { topic: Topic; at: number }[] = [];
  let i = 0;
  while (i < clause.length) {
    if (isLatin(clause[i]) && isLatin(clause[i - 1])) { i++; continue; }
    const hit = TOPIC_INDEX.find((w) => clause.startsWith(w.text, i) && (!w.latin || !isLatin(clause[i + w.text.length])));
    if (hit) { out.push({ topic: hit.topic, at: i }); i += hit.text.length; } else i++;
  }
  return out;
}

export function classifyReview(text: string): ReviewClassification {
  const clauses = normaliseText(text).split(CLAUSE_BREAK)
    .flatMap((c) => c.split(/(?=\bbut\b|\bhowever\b|但是|不过|可是)/))
    .filter((c) => c.trim() !== '');
  let score = 0;
  let hedged = false;
  const topicScore = new Map<Topic, number>();
  const firstSeen = new Map<Topic, number>();
  clauses.forEach((clause, ci) => {
    const s = clauseScore(clause);
    if (s.contrast) score *= 0.5; // what came before "but" counts half
    score += s.score;
    hedged ||= s.hedged;
    // Complaints decide the main topic: mentions in a negative clause count double.
    const weight = s.score < 0 ? 2 : 1;
    for (const { topic, at } of topicMentions(clause)) {
      topicScore.set(topic, (topicScore.get(topic) ?? 0) + weight);
      if (!firstSeen.has(topic)) firstSeen.set(topic, ci * 10_000 + at);
    }
  });
  if (hedged) score *= 0.4;
  const topics = [...topicScore].map(([topic, s]) => ({ topic, score: s }))
    .sort((a, b) => b.score - a.score || firstSeen.get(a.topic)! - firstSeen.get(b.topic)!);
  const sentiment: Sentiment = score >= 0.5 ? 'positive' : score <= -0.5 ? 'negative' : 'neutral';
  return { topic: topics[0]?.topic ?? 'other', topics, sentiment, score: Math.round(score * 100) / 100 };
}
