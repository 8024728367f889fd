/**
 * Worker threads for the fused kernels: `threads − 1` workers (fusedWorker.ts), each running its
 * own instance of the WebAssembly module over the calling thread's shared memory, so a batch
 * task's parts run at the same time on the same arrays. The calling thread posts one part to each
 * worker, runs the first part itself and then blocks (`Atomics.wait`) until every worker has set
 * its flag: one round trip per task (a whole time loop, or one large product), never per step.
 */
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { BatchTask, F32, Numerics, Retained, TaskArrays } from './numerics';
import { wasmCandidates, type WasmMemory } from './wasmModule';

export const workerFileName = 'fusedWorker.js';

/** What a worker (fusedWorker.ts) is started with. */
export interface WorkerSetup {
  module: object;
  memory: WasmMemory;
  stackTop: number;
  flags: Int32Array;
  index: number;
}

/** Index in `flags` of worker `index`'s started flag (its done flag is `index` itself). */
export const readyFlag = (index: number) => 32 + index;

export interface WorkerPart {
  name: string;
  sizes: number[];
  arrays: Record<string, [number, number] | null>;
  b0: number;
  b1: number;
}

/** How long the first task waits for the workers to start by default (they take tens of milliseconds). */
const defaultStartMs = 20_000;
/** Bytes of stack per worker instance (the C code keeps a few 8-float rows there). */
const stackBytes = 64 * 1024;

/** Where the bundled worker script is, or undefined when it was not built. */
export function findWorkerScript(): string | undefined {
  return wasmCandidates(__dirname, workerFileName).find((p) => existsSync(p));
}

/** Splits [0, count) into at most `parts` ranges, each a multiple of `granularity` except the last. */
export function splitRanges(count: number, granularity: number, parts: number): [number, number][] {
  const units = Math.ceil(count / granularity);
  const n = Math.max(1, Math.min(parts, units));
  const ranges: [number, number][] = [];
  for (let k = 0, start = 0; k < n; k++) {
    const end = Math.min(count, Math.round(((k + 1) * units) / n) * granularity);
    if (end > start) ranges.push([start, end]);
    start = end;
  }
  return ranges;
}

export class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly stacks: Retained<'stack'>[] = [];
  private readonly flags = new Int32Array(new SharedArrayBuffer(64 * 4));
  /** True while this thread runs its own part: a product inside it is not split again. */
  private busy = false;
  /** Threads a task is split across now (at most `threads`; lowering it keeps the workers). */
  active: number;
  /** Whether every worker said it started; undefined until the first task asks. */
  private started: boolean | undefined;
  /** Why the pool runs everything on the calling thread, once a worker failed to start. */
  failure = '';

  constructor(
    script: string,
    module: object,
    private readonly memory: WasmMemory,
    private readonly num: Numerics,
    readonly threads: number,
    private readonly startMs = defaultStartMs,
  ) {
    this.active = threads;
    for (let index = 0; index < threads - 1; index++) {
      const stack = num.retain({ stack: stackBytes / 4 });
      this.stacks.push(stack);
      const array = stack.arrays().stack;
      const setup: WorkerSetup = { module, memory, stackTop: array.byteOffset + array.byteLength, flags: this.flags, index };
      const worker = new Worker(script, { workerData: setup });
      // idle workers must not keep the process alive
      worker.unref();
      // A worker that dies (its script fails to load, or it crashes) would otherwise be an uncaught
      // error in the learner's kernel, and later tasks would wait for it for ever: the pool stays on
      // this thread from then on.
      worker.on('error', (error: Error) => this.lose(`a worker thread failed (${error.message}); the fused kernels run on one thread`));
      this.workers.push(worker);
    }
  }

  get inPart(): boolean {
    return this.busy;
  }

  split<A extends TaskArrays>(task: BatchTask<A>): void {
    const ranges = splitRanges(task.count, task.granularity, this.active);
    if (ranges.length === 1 || this.busy || !this.ready()) {
      task.run(this.num, task.sizes, task.arrays, 0, task.count);
      return;
    }
    const buffer = this.memory.buffer;
    const arrays: WorkerPart['arrays'] = {};
    for (const [name, a] of Object.entries(task.arrays) as [string, F32 | null][]) {
      if (a && a.buffer !== buffer) throw new Error(`fused kernel: task '${task.name}' array '${name}' is not in the shared memory`);
      arrays[name] = a ? [a.byteOffset, a.length] : null;
    }
    for (let k = 1; k < ranges.length; k++) {
      Atomics.store(this.flags, k - 1, 0);
      this.workers[k - 1].postMessage({ name: task.name, sizes: task.sizes, arrays, b0: ranges[k][0], b1: ranges[k][1] } satisfies WorkerPart);
    }
    this.busy = true;
    let failed = false;
    try {
      task.run(this.num, task.sizes, task.arrays, ranges[0][0], ranges[0][1]);
    } finally {
      this.busy = false;
      // The workers are waited for even when this thread's part threw: they write into the same memory.
      for (let k = 1; k < ranges.length; k++) {
        Atomics.wait(this.flags, k - 1, 0);
        if (Atomics.load(this.flags, k - 1) === 2) failed = true;
      }
    }
    if (failed) throw new Error(`fused kernel: a worker thread failed in '${task.name}' (its error is on stderr); setFusedThreads(1) runs on one thread`);
  }

  /**
   * Waits (once) for the workers to start, so that a worker that cannot start (its script fails to
   * load) costs a notice instead of blocking this thread for ever; the pool then stays on this thread.
   */
  private ready(): boolean {
    if (this.started === undefined) {
      this.started = this.workers.every((_, k) => {
        Atomics.wait(this.flags, readyFlag(k), 0, this.startMs);
        return Atomics.load(this.flags, readyFlag(k)) === 1;
      });
      if (!this.started) this.lose(`a worker thread did not start within ${this.startMs / 1000} s; the fused kernels run on one thread`);
    }
    return this.started;
  }

  private lose(reason: string): void {
    this.started = false;
    if (this.failure) return;
    this.failure = reason;
    console.warn(`unrolled: ${reason}`);
  }

  close(): void {
    for (const w of this.workers) void w.terminate();
    for (const s of this.stacks) s.release();
  }
}
