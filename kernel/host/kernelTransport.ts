/**
 * The plug-in point between a host and one kernel, wherever that kernel runs. `KernelClient`
 * talks only to this interface; `KernelProcess` (a local `fork` with an IPC channel and an
 * interrupt pipe) is the one implementation today. A kernel in a worker thread or on another
 * machine is one new file that implements `KernelTransport` and is passed to
 * `KernelClient.start` as `startKernel`.
 *
 * Contract:
 * - `startKernel` resolves once the kernel sent `ready` (with `backend` and `startupMs` set), and
 *   rejects with a sentence saying why when it cannot start;
 * - every `KernelMessage` after `ready` goes to `onMessage`, in the order the kernel sent it;
 * - `exited` resolves once, after the last message was delivered, whether the kernel ended by
 *   itself, by `kill` or by `shutdown`;
 * - `interrupt(token)` must reach a kernel whose main thread is busy (the local fork writes the
 *   token to a pipe a worker thread reads) and also sends the `interrupt` message.
 */
import type { BackendInfo, HostMessage, KernelMessage } from '../protocol/messages';

export interface KernelExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface KernelStartOptions {
  kernelPath: string;
  cwd: string;
  backend: string;
  env: NodeJS.ProcessEnv;
  execPath?: string;
  log: (line: string) => void;
  startTimeoutMs: number;
}

export interface KernelTransport {
  /** Names this kernel in logs and events (the process id of a local fork). */
  readonly pid: number;
  readonly backend: BackendInfo;
  /** Wall time from start to `ready`, as the host saw it. */
  readonly startupMs: number;
  onMessage: (message: KernelMessage) => void;
  readonly exited: Promise<KernelExit>;
  readonly alive: boolean;
  send(message: HostMessage): void;
  interrupt(token: number): void;
  /** Ends the kernel at once and resolves when it is gone. */
  kill(): Promise<KernelExit>;
  /** Asks the kernel to exit; kills it if it has not within `graceMs`. */
  shutdown(graceMs: number): Promise<KernelExit>;
  /** The last lines the kernel wrote to its stderr, as a suffix for an error message ('' when none). */
  stderrSummary(): string;
}

export type StartKernel = (options: KernelStartOptions) => Promise<KernelTransport>;

export function describeExit(exit: KernelExit): string {
  if (exit.signal) return `killed by ${exit.signal}`;
  return exit.code === null ? 'it could not be started' : `exit code ${exit.code}`;
}
