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
  /** Set when code in the kernel called `process.exit` (the kernel says so just before it goes). */
  exitCalled?: { argument: string; caller?: string };
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

/**
 * What ended a kernel, in words a user can act on. Exit codes other than a `process.exit`
 * call are Node's own (nodejs.org/api/process.html#exit-codes); signals come from outside the
 * process or from a crash.
 */
export function describeExit(exit: KernelExit): string {
  if (exit.signal) return signalMeaning(exit.signal);
  if (exit.code === null) return 'it could not be started';
  if (exit.exitCalled) {
    const { argument, caller } = exit.exitCalled;
    return `exit code ${exit.code}: process.exit(${argument}) was called${caller ? ` at ${caller}` : ''}`;
  }
  const meaning = exitCodeMeanings[exit.code];
  return meaning ? `exit code ${exit.code}, ${meaning}` : `exit code ${exit.code}`;
}

/**
 * The exit codes Node itself uses for a death no code asked for (1 is left out: programs use it
 * for any failure, as the kernel does when it cannot start, and its stderr says more).
 */
const exitCodeMeanings: Record<number, string> = {
  5: 'which Node uses when V8 hit a fatal error, for example when the JavaScript heap ran out of memory',
  7: "which Node uses when an 'uncaughtException' or 'unhandledRejection' handler itself threw",
};

function signalMeaning(signal: NodeJS.Signals): string {
  switch (signal) {
    case 'SIGKILL':
      return 'killed by SIGKILL, which no process can catch: sent with kill -9 or process.kill, or by the system when memory ran out';
    case 'SIGABRT':
      return 'aborted (SIGABRT): Node or native code gave up, for example when the JavaScript heap ran out of memory';
    case 'SIGSEGV':
    case 'SIGBUS':
    case 'SIGILL':
    case 'SIGFPE':
      return `crashed (${signal}) in native code, such as a tensor backend or a native npm module`;
    default:
      return `stopped by ${signal}, sent with kill or process.kill`;
  }
}
