/**
 * Shared by the exercise-check tests of every lesson: the stub a lesson's exercise cell starts
 * with, and an assertion that a check rejects an answer with a message naming the mistake.
 */
import assert from 'node:assert/strict';
import { ExerciseError } from '../../kernel/lib/exercises/checking';

/** The exercise cell as the learner first sees it: the body throws "your code here". */
export const stub = (): never => {
  throw new Error('your code here');
};

/** Asserts the check throws an ExerciseError whose message matches every pattern. */
export function rejects(run: () => unknown, ...messages: RegExp[]): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof ExerciseError, `expected an ExerciseError, got ${String(error)}`);
    for (const m of messages) assert.match(error.message, m);
    return true;
  });
}
