/**
 * Chooses the tensor backend at kernel start. Order unless told otherwise:
 * tfjs-node-gpu (CUDA) → tfjs-node → wasm → cpu. The tfjs-node packages are optional
 * dependencies that cannot be installed offline; they are loaded with a plain `require` at run
 * time and register into the same process-global tfjs engine as our bundled tfjs-core.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { tf } from './tf';

export type BackendChoice = 'auto' | 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';
export const backendChoices: readonly BackendChoice[] = ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];

export interface BackendSelection {
  /** The tfjs backend name in use (`tensorflow`, `wasm`, `cpu`), plus `-gpu` when CUDA is in use. */
  name: string;
  /** One line per candidate that was tried and skipped, with the reason. */
  skipped: string[];
}

/** Where the tfjs-backend-wasm binaries are: next to the bundle (dist/wasm) or in node_modules. */
function wasmDirectory(): string {
  const candidates = [
    join(__dirname, '..', 'wasm'),
    join(__dirname, '..', '..', 'dist', 'wasm'),
    join(__dirname, '..', '..', 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist'),
    join(process.cwd(), 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist'),
  ];
  const found = candidates.find((dir) => existsSync(join(dir, 'tfjs-backend-wasm-simd.wasm')));
  if (!found) throw new Error(`tfjs-backend-wasm binaries not found; looked in:\n  ${candidates.join('\n  ')}`);
  return found + '/';
}

/**
 * Loads an optional package from next to the kernel bundle or, failing that, from the notebook's
 * folder (the kernel's cwd), so a learner can `npm install @tensorflow/tfjs-node` beside the lessons.
 */
function tryRequire(name: string): string | undefined {
  const failures: string[] = [];
  for (const load of [require, createRequire(join(process.cwd(), 'index.js'))]) {
    try {
      load(name);
      return undefined;
    } catch (e) {
      failures.push((e as Error).message.split('\n')[0]);
    }
  }
  return failures[failures.length - 1];
}

/**
 * Initialises a backend and makes it current. `choice` comes from the `unrolled.backend` setting
 * or the `UNROLLED_BACKEND` environment variable; `auto` walks the order above. Throws with the
 * reasons when an explicitly chosen backend cannot start.
 */
export async function selectBackend(choice: BackendChoice = 'auto'): Promise<BackendSelection> {
  if (!backendChoices.includes(choice)) {
    throw new Error(`unknown backend '${choice}'; expected one of ${backendChoices.join(', ')}`);
  }
  const skipped: string[] = [];
  const order: BackendChoice[] = choice === 'auto' ? ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] : [choice];
  for (const candidate of order) {
    const reason = await tryStart(candidate);
    if (reason === undefined) return { name: candidate, skipped };
    skipped.push(`${candidate}: ${reason}`);
  }
  throw new Error(`no tensor backend could start:\n  ${skipped.join('\n  ')}`);
}

async function tryStart(candidate: BackendChoice): Promise<string | undefined> {
  switch (candidate) {
    case 'tensorflow-gpu':
    case 'tensorflow': {
      const failure = tryRequire(candidate === 'tensorflow-gpu' ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node');
      if (failure) return `not installed or failed to load (${failure})`;
      if (!tf.findBackend('tensorflow')) return 'loaded, but registered no "tensorflow" backend';
      return (await tf.setBackend('tensorflow')) ? undefined : 'setBackend("tensorflow") failed';
    }
    case 'wasm': {
      setWasmPaths(wasmDirectory());
      return (await tf.setBackend('wasm')) ? undefined : 'setBackend("wasm") failed';
    }
    case 'cpu':
      return (await tf.setBackend('cpu')) ? undefined : 'setBackend("cpu") failed';
    default:
      return `unknown backend '${candidate}'`;
  }
}
