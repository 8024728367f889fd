/**
 * Training and scoring a `Seq2Seq` on source/target pairs. Training is teacher-forced maximum
 * likelihood (`Seq2Seq.loss`) over shuffled mini-batches (`trainOnBatches`); scoring decodes every
 * source as a user would see it (greedy or beam search, feeding back the model's own tokens) and
 * compares with the reference.
 */
import { interruptRequested } from '../core/interrupt';
import { LoopScope } from '../core/loopStops';
import { trainOnBatches, type LoopHistory, type TrainLoopOptions } from '../train/trainLoop';
import type { Seq2Seq, TranslateOptions } from './seq2seq';
import { disposeSeq2seqBatch, seq2seqBatch, type Seq2SeqPair } from './seq2seqBatch';

function checkPairs(pairs: readonly Seq2SeqPair[], who: string): void {
  if (!Array.isArray(pairs) || pairs.length === 0) throw new Error(`${who}: expected a non-empty array of { source, target } pairs`);
}

/** Trains `model` on `pairs` (targets without `<bos>`/`<eos>`: the batcher adds them); see `TrainLoopOptions`. */
export async function trainSeq2seq(model: Seq2Seq, pairs: readonly Seq2SeqPair[], options: TrainLoopOptions = {}): Promise<LoopHistory> {
  checkPairs(pairs, 'trainSeq2seq');
  const tokens = { startToken: model.startToken, endToken: model.endToken };
  const batchLoss = (indices: number[]) => {
    const batch = seq2seqBatch(indices.map((i) => pairs[i]), tokens);
    try {
      return model.loss(batch.source, batch.sourceMask, batch.targetInputs, batch.targetOutputs, batch.targetMask);
    } finally {
      disposeSeq2seqBatch(batch);
    }
  };
  return trainOnBatches(pairs.length, batchLoss, model.trainableVariables(), options);
}

export interface Seq2SeqScores {
  /**
   * Correct tokens / reference tokens, position by position, counting the reference's `<eos>`:
   * Σ_n #{t ≤ |y_n| + 1 : ŷ_{n,t} = (y_n <eos>)_t} / Σ_n (|y_n| + 1).
   */
  tokenAccuracy: number;
  /** Translations equal to the reference (and ended right after it). */
  sequenceAccuracy: number;
  /** Pairs scored (fewer than given when interrupted). */
  count: number;
  interrupted: boolean;
}

/** Decodes every source with `translate` and compares with its target. */
export function scoreSeq2seq(model: Seq2Seq, pairs: readonly Seq2SeqPair[], options: TranslateOptions): Seq2SeqScores {
  checkPairs(pairs, 'scoreSeq2seq');
  let correct = 0;
  let total = 0;
  let exact = 0;
  let count = 0;
  const scope = new LoopScope();
  try {
    for (const pair of pairs) {
      if (count > 0 && interruptRequested()) {
        scope.stopped('interrupted', count, `Interrupted after scoring ${count} of ${pairs.length} pairs: scoreSeq2seq returns the scores of those ${count} (interrupted: true)`);
        return { tokenAccuracy: correct / total, sequenceAccuracy: exact / count, count, interrupted: true };
      }
      const reference = [...Array.from(pair.target), model.endToken];
      const { tokens } = model.translate(pair.source, options);
      const matches = reference.filter((token, t) => tokens[t] === token).length;
      correct += matches;
      total += reference.length;
      if (matches === reference.length) exact++;
      count++;
    }
  } finally {
    scope.close();
  }
  return { tokenAccuracy: correct / total, sequenceAccuracy: exact / count, count, interrupted: false };
}
