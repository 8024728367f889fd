/**
 * Span-level evaluation for tagging, as in the CoNLL shared tasks: a predicted entity counts only
 * if its type, first token and last token all match a gold entity (exact match); tokens tagged
 * correctly inside a wrongly bounded span earn nothing.
 *   precision = correct / predicted spans,  recall = correct / gold spans,
 *   F1 = 2 · precision · recall / (precision + recall)
 * A ratio with a zero denominator is reported as 0.
 */
import { tagsToSpans, type TagScheme } from './schemes';

export interface SpanCounts {
  precision: number;
  recall: number;
  f1: number;
  /** Predicted spans that exactly match a gold span. */
  correct: number;
  predicted: number;
  gold: number;
}

export interface SpanScores extends SpanCounts {
  /** The same counts per entity type. */
  byLabel: Record<string, SpanCounts>;
}

function ratios(correct: number, predicted: number, gold: number): SpanCounts {
  const precision = predicted === 0 ? 0 : correct / predicted;
  const recall = gold === 0 ? 0 : correct / gold;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, correct, predicted, gold };
}

/** gold, predicted: one tag sequence per sentence, pairwise of equal length. */
export function spanScores(gold: readonly (readonly string[])[], predicted: readonly (readonly string[])[], scheme: TagScheme): SpanScores {
  if (gold.length !== predicted.length) {
    throw new Error(`spanScores: expected as many predicted sentences as gold ones, got ${predicted.length} and ${gold.length}`);
  }
  const counts = new Map<string, { correct: number; predicted: number; gold: number }>();
  const countsOf = (label: string) => {
    if (!counts.has(label)) counts.set(label, { correct: 0, predicted: 0, gold: 0 });
    return counts.get(label)!;
  };
  gold.forEach((goldTags, s) => {
    const predictedTags = predicted[s];
    if (goldTags.length !== predictedTags.length) {
      throw new Error(`spanScores: sentence ${s} has ${goldTags.length} gold tags but ${predictedTags.length} predicted tags`);
    }
    const goldKeys = new Set(tagsToSpans(goldTags, scheme).map((span) => `${span.label}\u0000${span.start}\u0000${span.end}`));
    for (const span of tagsToSpans(goldTags, scheme)) countsOf(span.label).gold++;
    for (const span of tagsToSpans(predictedTags, scheme)) {
      const c = countsOf(span.label);
      c.predicted++;
      if (goldKeys.has(`${span.label}\u0000${span.start}\u0000${span.end}`)) c.correct++;
    }
  });
  let correct = 0;
  let predictedTotal = 0;
  let goldTotal = 0;
  const byLabel: Record<string, SpanCounts> = {};
  for (const [label, c] of [...counts.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    byLabel[label] = ratios(c.correct, c.predicted, c.gold);
    correct += c.correct;
    predictedTotal += c.predicted;
    goldTotal += c.gold;
  }
  return { ...ratios(correct, predictedTotal, goldTotal), byLabel };
}
