/**
 * A worker thread of the fused kernels (started by fusedThreads.ts, bundled to
 * dist/fused/fusedWorker.js): its own instance of the WebAssembly module over the main thread's
 * shared memory, with its own stack. Each message is one part of a batch task: the task's name,
 * sizes, arrays as [byte offset, length] (null for an absent mask) and its rows [b0, b1). When
 * done it sets its flag to 1 (2 on failure) and wakes the waiting thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readyFlag, type WorkerPart, type WorkerSetup } from './fusedThreads';
import type { TaskArrays } from './numerics';
import { rangeTasks } from './rangeTasks';
import { instantiateRecurrentWasm } from './wasmModule';
import { wasmNumerics } from './wasmNumerics';

const setup = workerData as WorkerSetup;
const exports = instantiateRecurrentWasm(setup.module, setup.memory);
exports.__stack_pointer.value = setup.stackTop;
const num = wasmNumerics(exports);
// started: the pool waits for this (with a time limit) before it hands this worker any part
Atomics.store(setup.flags, readyFlag(setup.index), 1);
Atomics.notify(setup.flags, readyFlag(setup.index));

parentPort?.on('message', (part: WorkerPart) => {
  let outcome = 1;
  try {
    const buffer = setup.memory.buffer;
    const arrays: TaskArrays = {};
    for (const [name, at] of Object.entries(part.arrays)) arrays[name] = at ? new Float32Array(buffer, at[0], at[1]) : null;
    const run = rangeTasks[part.name];
    if (!run) throw new Error(`unknown task '${part.name}'`);
    run(num, part.sizes, arrays, part.b0, part.b1);
  } catch (e) {
    outcome = 2;
    console.error(`unrolled: fused kernel worker failed: ${(e as Error).stack ?? e}`);
  }
  Atomics.store(setup.flags, setup.index, outcome);
  Atomics.notify(setup.flags, setup.index);
});
