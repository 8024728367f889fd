/**
 * Library tests run on both bundled tensor backends, and check that a block leaves no tensor behind.
 */
import { before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../kernel/lib/backend';
import { tf } from '../../kernel/lib/tf';

export const backends = ['cpu', 'wasm'] as const;
export type Backend = (typeof backends)[number];

/** Registers `body`'s tests once per backend, each group switching to its backend first. */
export function onEachBackend(body: (backend: Backend) => void): void {
  for (const backend of backends) {
    describe(`on the ${backend} backend`, () => {
      before(async () => {
        await selectBackend(backend);
      });
      body(backend);
    });
  }
}

/** Runs `fn`, fails if the number of live tensors changed, and returns what `fn` returned. */
export function assertNoLeak<T>(fn: () => T, what = 'block'): T {
  const before = tf.memory().numTensors;
  const result = fn();
  assert.equal(tf.memory().numTensors, before, `${what} leaked ${tf.memory().numTensors - before} tensors`);
  return result;
}
