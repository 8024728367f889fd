/**
 * `tf.tidy` for functions that return a typed structure of tensors (a cell step, a sequence
 * result): every tensor reachable from the returned value is kept, every other tensor created
 * inside is disposed. tfjs types tidy's result as a bare `TensorContainer`; this keeps the
 * caller's type instead. Non-tensor fields (numbers, strings, undefined) pass through.
 */
import { tf } from '../tf';

export function tidyResult<T>(fn: () => T): T {
  return tf.tidy(fn as () => tf.TensorContainer) as T;
}
