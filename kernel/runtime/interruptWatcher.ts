/**
 * Makes an interrupt visible while the kernel's main thread is busy. The host writes one byte to
 * the interrupt pipe (fd 4 of `fork`, named in UNROLLED_INTERRUPT_FD, passed in by the kernel's
 * `HostLink`); a worker thread, whose own
 * event loop keeps running while the main thread is stuck, reads it and sets a flag in shared
 * memory. `interruptRequested()` (library loops) and the instrumented cell loops read that flag
 * directly: no turn of the main thread's event loop is needed.
 *
 * The byte is the interrupt token of the execution it is meant for, so an interrupt that arrives
 * just after its cell finished cannot stop the next cell.
 */
import { fstatSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { setInterruptSource } from '../lib/core/interrupt';

/** Slots of the shared Int32Array. */
const FLAG = 0;
const TOKEN = 1;

/** The host names the pipe's descriptor in this variable (`fork` puts it at fd 4). */
export const interruptFdVariable = 'UNROLLED_INTERRUPT_FD';

/**
 * The worker: its own event loop reads the pipe (a socket end) asynchronously, so it needs no
 * turn of the main thread's loop and never blocks in a system call (which would keep
 * `process.exit` waiting for it). EOF (the host is gone) ends it.
 */
const workerSource = `
const { workerData } = require('node:worker_threads');
const { Socket } = require('node:net');
const shared = new Int32Array(workerData.buffer);
const pipe = new Socket({ fd: workerData.fd, readable: true, writable: false });
pipe.on('data', (bytes) => {
  const token = Atomics.load(shared, ${TOKEN});
  for (const byte of bytes) if (token !== 0 && byte === token) Atomics.store(shared, ${FLAG}, 1);
});
pipe.on('error', () => pipe.destroy());
`;

export class InterruptWatcher {
  /** Slot 0 is the flag (instrumented cell loops read it directly), slot 1 the armed token. */
  readonly shared = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
  /** False when the kernel runs without the interrupt pipe (started by hand): only IPC interrupts work then. */
  readonly pipeConnected: boolean;

  /** `fd` is the interrupt pipe the host writes tokens to (`HostLink.interruptFd`), if its transport has one. */
  constructor(log: (line: string) => void, fd: number | undefined) {
    this.pipeConnected = fd !== undefined && fd > 2 && isOpen(fd);
    if (this.pipeConnected) {
      const worker = new Worker(workerSource, { eval: true, workerData: { buffer: this.shared.buffer, fd } });
      worker.on('error', (error) => log(`interrupt watcher stopped: ${error.message}; only interrupts of waiting cells work now`));
      worker.unref();
    }
    setInterruptSource(() => Atomics.load(this.shared, FLAG) === 1);
  }

  /** Arms the watcher for one execution: clears the flag and accepts interrupts carrying `token` (1..255). */
  begin(token: number): void {
    Atomics.store(this.shared, FLAG, 0);
    Atomics.store(this.shared, TOKEN, token);
  }

  /** Disarms after an execution: clears the flag; bytes that arrive now are ignored. */
  end(): void {
    Atomics.store(this.shared, TOKEN, 0);
    Atomics.store(this.shared, FLAG, 0);
  }

  /** An interrupt that came over IPC for the execution with this token. */
  request(token: number): void {
    if (token !== 0 && Atomics.load(this.shared, TOKEN) === token) Atomics.store(this.shared, FLAG, 1);
  }

  get requested(): boolean {
    return Atomics.load(this.shared, FLAG) === 1;
  }
}

function isOpen(fd: number): boolean {
  try {
    fstatSync(fd);
    return true;
  } catch {
    return false;
  }
}
