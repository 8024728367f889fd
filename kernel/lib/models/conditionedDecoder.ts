/**
 * A seq2seq decoder bound to one encoded source batch, seen as a `StepModel`: its initial state is
 * the bridged encoder state s_0 and every step attends over that source. Greedy decoding,
 * sampling and beam search (`kernel/lib/decode`) drive it unchanged.
 *
 * Beam search starts from one row and then keeps several hypotheses of the same sentence as
 * rows: for a single source sentence the memory is repeated to however many rows a step gets.
 * A batch of B sentences is stepped with exactly B rows (one per sentence).
 */
import { tf } from '../tf';
import { tidyResult } from '../core/tidyResult';
import type { RecurrentState, StepModel } from '../core/types';
import type { AttentionDecoder, DecoderMemory, DecoderStepResult } from './attentionDecoder';

export class ConditionedDecoder implements StepModel {
  /** Number of source sentences this view was built from. */
  readonly sourceBatch: number;
  private memory: DecoderMemory;
  private startState: RecurrentState;
  private disposed = false;

  /** Takes ownership of `memory`'s tensors and of `startState` (s_0, `[sourceBatch, hidden]` each). */
  constructor(readonly decoder: AttentionDecoder, memory: DecoderMemory, startState: RecurrentState) {
    this.memory = memory;
    this.startState = startState;
    this.sourceBatch = memory.keys.shape[0];
  }

  /** s_0 for `batch` rows: the bridged encoder state (repeated when one sentence feeds several rows). */
  initialState(batch: number): RecurrentState {
    this.checkAlive();
    this.checkRows(batch);
    return tidyResult(() => this.startState.map((s) => (batch === this.sourceBatch ? tf.clone(s) : tf.tile(s, [batch, 1]))));
  }

  /** y_{t-1} `[rows]` int32, s_{t-1} → z_t `[rows, vocab]` and s_t. */
  step(tokens: tf.Tensor1D, state: RecurrentState): { logits: tf.Tensor2D; state: RecurrentState } {
    return tidyResult(() => {
      const result = this.stepWithAttention(tokens, state);
      return { logits: result.logits, state: result.state };
    });
  }

  /** As `step`, also returning c_t and α_t `[rows, srcTime]` (for drawing attention while decoding). */
  stepWithAttention(tokens: tf.Tensor1D, state: RecurrentState): DecoderStepResult {
    this.checkAlive();
    if (!(tokens instanceof tf.Tensor) || tokens.rank !== 1) {
      throw new Error(`seq2seq step: tokens must be [rows] token ids; got ${tokens instanceof tf.Tensor ? `shape [${tokens.shape.join(', ')}]` : String(tokens)}`);
    }
    const rows = tokens.shape[0];
    this.checkRows(rows);
    return tidyResult(() => this.decoder.step(tokens, state, rows === this.sourceBatch ? this.memory : this.repeatedMemory(rows)));
  }

  /** Frees the encoded source and s_0. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const { keys, mask, summary, projectedKeys } = this.memory;
    tf.dispose([keys, mask, summary, ...(projectedKeys ? [projectedKeys] : []), ...this.startState]);
  }

  private repeatedMemory(rows: number): DecoderMemory {
    const { keys, mask, summary, projectedKeys } = this.memory;
    const memory: DecoderMemory = {
      keys: tf.tile(keys, [rows, 1, 1]),
      mask: tf.tile(mask, [rows, 1]),
      summary: tf.tile(summary, [rows, 1]),
    };
    if (projectedKeys) memory.projectedKeys = tf.tile(projectedKeys, [rows, 1, 1]);
    return memory;
  }

  private checkRows(rows: number): void {
    if (!Number.isInteger(rows) || rows < 1 || (rows !== this.sourceBatch && this.sourceBatch !== 1)) {
      throw new Error(`seq2seq step model: built for ${this.sourceBatch} source sentences, so it steps ${this.sourceBatch} rows (any number only for a single sentence, e.g. beam search); got ${rows}`);
    }
  }

  private checkAlive(): void {
    if (this.disposed) throw new Error('seq2seq step model: used after dispose(); call model.stepModelFor(source) again');
  }
}
