/**
 * Greedy decoding: y_i = argmax_v p(v | y_<i) at every step. Fast, and often not the most
 * probable sequence overall (a likely first token can lead to unlikely continuations); beam
 * search looks further. Greedy equals beam search with beam width 1.
 */
import type { StepModel } from '../core/types';
import { argmax, decodeOneByOne, type DecodeOptions, type DecodedSequence } from './stepper';

export function greedyDecode(model: StepModel, options: DecodeOptions): DecodedSequence {
  return decodeOneByOne(model, options, 'greedyDecode', (logProbs) => argmax(logProbs));
}
