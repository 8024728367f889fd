/**
 * The host's handle on one notebook's kernel, used by the VS Code extension and the headless
 * runner alike (no `vscode` here). It runs cells one at a time, routes each execution's messages
 * to that execution only, interrupts (cooperatively first, by restarting the process when the
 * code does not stop within the grace period), restarts, and replaces a kernel that died: the
 * next `execute` after a death starts a fresh process by itself.
 */
import type { BackendInfo, KernelMessage } from '../protocol/messages';
import { kernelEnvironment } from './kernelEnvironment';
import { defaultKernelPath, KernelProcess } from './kernelProcess';
import { describeExit, type KernelExit, type KernelTransport, type StartKernel } from './kernelTransport';

export interface KernelClientOptions {
  /** The kernel's working directory: the notebook's folder, where cells' `require` finds npm packages. */
  cwd: string;
  /** `auto` (default), `tensorflow-gpu`, `tensorflow`, `wasm` or `cpu`. */
  backend?: string;
  /** How long an interrupt waits for the cell to stop before the process is restarted (default 1000 ms). */
  interruptGraceMs?: number;
  /** The kernel bundle; default: `dist/kernel/kernel.js` found above this file. */
  kernelPath?: string;
  /** Extra environment for the kernel, added to the variables it takes from this process's (see `kernelEnvironment`). */
  env?: NodeJS.ProcessEnv;
  /** The executable that runs the kernel (default: this process's Node). */
  execPath?: string;
  /** Receives the kernel process's own stdout/stderr lines and the client's notes (default: this process's stderr). */
  log?: (line: string) => void;
  /** How long a starting kernel may take to report ready (default 60 s). */
  startTimeoutMs?: number;
  /** Starts one kernel; default: a local child process (`KernelProcess.start`). See kernelTransport.ts for the contract. */
  startKernel?: StartKernel;
}

export type ExecutionOutcome = {
  status: 'ok' | 'error' | 'interrupted' | 'died';
  durationMs: number;
  /** For 'died' and for interrupts and restarts that killed the process: a sentence for the user. */
  message?: string;
  /** True when the kernel process was replaced during this execution, so every variable is gone. */
  stateLost?: boolean;
};

export interface ExecuteOptions {
  /** The number shown next to the cell. */
  executionCount: number;
  /** The name cell frames carry in stack traces, e.g. `cell 3`. */
  cellLabel: string;
  /** Receives this execution's messages (stream, display, updateDisplay, result, error, done) as they arrive. */
  onMessage: (message: KernelMessage) => void;
}

export interface KernelRestartEvent {
  /** `interrupt`: killed because a cell did not stop; `restart`: asked for; `died`: replaced after it died by itself. */
  reason: 'interrupt' | 'restart' | 'died';
  pid: number;
  backend: BackendInfo;
}

export interface KernelExitEvent {
  pid: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when the client ended it (interrupt, restart, dispose); false when it died by itself. */
  expected: boolean;
}

type Listener<T> = (event: T) => void;
interface Disposable {
  dispose(): void;
}

interface ActiveExecution {
  id: string;
  token: number;
  kernel: KernelTransport;
  cellLabel: string;
  started: number;
  onMessage: (message: KernelMessage) => void;
  /** Set when the client kills the process during this execution. */
  killedFor?: 'interrupt' | 'restart' | 'dispose';
  finish: (outcome: ExecutionOutcome) => void;
  finished: Promise<ExecutionOutcome>;
}

export class KernelClient {
  private kernel: KernelTransport;
  private starting: Promise<KernelTransport> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private active: ActiveExecution | undefined;
  private sequence = 0;
  private token = 0;
  private disposed = false;
  private expectedExit = new WeakSet<KernelTransport>();
  private readonly restartListeners = new Set<Listener<KernelRestartEvent>>();
  private readonly exitListeners = new Set<Listener<KernelExitEvent>>();
  private readonly strayListeners = new Set<Listener<KernelMessage>>();
  private readonly log: (line: string) => void;
  private readonly kernelPath: string;

  private constructor(
    private readonly options: KernelClientOptions,
    first: KernelTransport,
    log: (line: string) => void,
    kernelPath: string,
  ) {
    this.log = log;
    this.kernelPath = kernelPath;
    this.kernel = first;
    this.adopt(first);
  }

  /** Starts a kernel process and resolves once it is ready. */
  static async start(options: KernelClientOptions): Promise<KernelClient> {
    const log = options.log ?? ((line: string) => process.stderr.write(`[unrolled kernel] ${line}\n`));
    const kernelPath = options.kernelPath ?? defaultKernelPath();
    const first = await (options.startKernel ?? KernelProcess.start)(KernelClient.processOptions(options, log, kernelPath));
    return new KernelClient(options, first, log, kernelPath);
  }

  get backend(): BackendInfo {
    return this.kernel.backend;
  }

  get pid(): number {
    return this.kernel.pid;
  }

  /** Milliseconds from fork to ready of the current kernel process. */
  get startupMs(): number {
    return this.kernel.startupMs;
  }

  /** Whether a cell is running now. */
  get busy(): boolean {
    return this.active !== undefined;
  }

  /**
   * Runs one cell. Its messages go to `onMessage` as they arrive; resolves when it is done, or
   * when the process dies ('died', with a message). A second call waits for the first.
   */
  execute(code: string, options: ExecuteOptions): Promise<ExecutionOutcome> {
    const run = this.queue.then(() => this.run(code, options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Interrupts the running cell. Resolves 'stopped' when it stopped by itself within the grace
   * period (state kept), 'died' when the kernel process ended by itself meanwhile (the execution
   * resolved 'died', its message saying how), 'restarted' when the process had to be killed
   * (state lost; the execution resolved 'interrupted' with `stateLost`), 'idle' when nothing was running.
   */
  async interrupt(): Promise<'stopped' | 'died' | 'restarted' | 'idle'> {
    const active = this.active;
    if (!active) return 'idle';
    active.kernel.interrupt(active.token);
    const grace = this.options.interruptGraceMs ?? 1000;
    let timer: NodeJS.Timeout | undefined;
    const ended = await Promise.race([active.finished, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), grace)))]);
    clearTimeout(timer);
    if (ended && !active.killedFor) return ended.status === 'died' ? 'died' : 'stopped';
    if (!active.killedFor) {
      active.killedFor = 'interrupt';
      // A fresh kernel that fails to start is retried by the next `execute`, which reports why.
      await this.replace('interrupt').catch((error: Error) => this.log(`the kernel could not be restarted: ${error.message}`));
    }
    return 'restarted';
  }

  /** Kills the kernel and starts a fresh one; a running cell resolves 'interrupted' with `stateLost`. */
  async restart(): Promise<void> {
    if (this.active && !this.active.killedFor) this.active.killedFor = 'restart';
    await this.replace('restart');
  }

  /** Shuts the kernel down; later calls to `execute` are refused. */
  async dispose(): Promise<void> {
    this.disposed = true;
    // A kernel being started now would outlive the client; let it finish starting, then stop it.
    await this.starting?.catch(() => undefined);
    if (this.active && !this.active.killedFor) this.active.killedFor = 'dispose';
    this.expectedExit.add(this.kernel);
    await this.kernel.shutdown(1000);
  }

  /** Fires when a fresh kernel process replaced the previous one. */
  onDidRestart(listener: Listener<KernelRestartEvent>): Disposable {
    return subscribe(this.restartListeners, listener);
  }

  /** Fires when a kernel process is gone, expected or not. */
  onDidExit(listener: Listener<KernelExitEvent>): Disposable {
    return subscribe(this.exitListeners, listener);
  }

  /** Messages that belong to no running execution (e.g. a display updated by a timer after its cell finished). */
  onStrayMessage(listener: Listener<KernelMessage>): Disposable {
    return subscribe(this.strayListeners, listener);
  }

  private static processOptions(options: KernelClientOptions, log: (line: string) => void, kernelPath: string) {
    return {
      kernelPath,
      cwd: options.cwd,
      backend: options.backend ?? 'auto',
      env: { ...kernelEnvironment(process.env), ...options.env },
      execPath: options.execPath,
      log,
      startTimeoutMs: options.startTimeoutMs ?? 60_000,
    };
  }

  private async run(code: string, options: ExecuteOptions): Promise<ExecutionOutcome> {
    if (this.disposed) throw new Error('this kernel client was disposed; start a new one');
    const started = performance.now();
    let kernel: KernelTransport;
    try {
      kernel = await this.live();
    } catch (error) {
      return { status: 'died', durationMs: performance.now() - started, message: `The kernel could not start: ${(error as Error).message}`, stateLost: true };
    }
    this.token = (this.token % 255) + 1;
    let finish!: (outcome: ExecutionOutcome) => void;
    const finished = new Promise<ExecutionOutcome>((resolve) => (finish = resolve));
    const active: ActiveExecution = {
      id: `${kernel.pid}-${++this.sequence}`,
      token: this.token,
      kernel,
      cellLabel: options.cellLabel,
      started,
      onMessage: options.onMessage,
      finish: (outcome) => {
        if (this.active === active) this.active = undefined;
        finish(outcome);
      },
      finished,
    };
    this.active = active;
    kernel.send({ type: 'execute', id: active.id, code, executionCount: options.executionCount, cellLabel: options.cellLabel, interruptToken: active.token });
    return finished;
  }

  /** The current kernel, or a fresh one when it died. */
  private async live(): Promise<KernelTransport> {
    if (this.starting) return this.starting;
    if (this.kernel.alive) return this.kernel;
    await this.replace('died');
    return this.kernel;
  }

  /** Kills the current process (if alive) and starts a fresh one. Concurrent calls share one start. */
  private replace(reason: KernelRestartEvent['reason']): Promise<KernelTransport> {
    if (this.starting) return this.starting;
    const old = this.kernel;
    this.starting = (async () => {
      this.expectedExit.add(old);
      await old.kill();
      const fresh = await (this.options.startKernel ?? KernelProcess.start)(KernelClient.processOptions(this.options, this.log, this.kernelPath));
      this.kernel = fresh;
      this.adopt(fresh);
      for (const listener of this.restartListeners) listener({ reason, pid: fresh.pid, backend: fresh.backend });
      return fresh;
    })();
    const clear = () => (this.starting = undefined);
    this.starting.then(clear, clear);
    return this.starting;
  }

  private adopt(kernel: KernelTransport): void {
    kernel.onMessage = (message) => this.route(kernel, message);
    void kernel.exited.then((exit) => this.exited(kernel, exit));
  }

  private route(kernel: KernelTransport, message: KernelMessage): void {
    const active = this.active;
    // `ready` is handled by KernelProcess.start and `exitCalled` kept by KernelProcess for its exit.
    if (message.type === 'ready' || message.type === 'exitCalled') return;
    if (!active || active.kernel !== kernel || message.id !== active.id) {
      for (const listener of this.strayListeners) listener(message);
      return;
    }
    active.onMessage(message);
    if (message.type === 'done') active.finish({ status: message.status, durationMs: message.durationMs });
  }

  private exited(kernel: KernelTransport, exit: KernelExit): void {
    const expected = this.expectedExit.has(kernel);
    if (!expected) this.log(`the kernel process ${kernel.pid} ended unexpectedly (${describeExit(exit)})${kernel.stderrSummary()}`);
    for (const listener of this.exitListeners) listener({ pid: kernel.pid, code: exit.code, signal: exit.signal, expected });
    const active = this.active;
    if (!active || active.kernel !== kernel) return;
    const durationMs = performance.now() - active.started;
    const fresh = 'The next run starts a fresh kernel; run the earlier cells again to rebuild their variables.';
    switch (active.killedFor) {
      case 'interrupt':
        return active.finish({ status: 'interrupted', durationMs, stateLost: true, message: `${active.cellLabel} did not stop within ${this.options.interruptGraceMs ?? 1000} ms of the interrupt, so the kernel was restarted and all variables were lost. ${fresh}` });
      case 'restart':
        return active.finish({ status: 'interrupted', durationMs, stateLost: true, message: `The kernel was restarted while ${active.cellLabel} ran; all variables were lost. ${fresh}` });
      case 'dispose':
        return active.finish({ status: 'died', durationMs, stateLost: true, message: `The kernel was shut down while ${active.cellLabel} ran.` });
      default:
        return active.finish({
          status: 'died',
          durationMs,
          stateLost: true,
          message: `The kernel process ended while ${active.cellLabel} ran (${describeExit(exit)}); all variables were lost. ${fresh}${kernel.stderrSummary()}`,
        });
    }
  }
}

function subscribe<T>(listeners: Set<Listener<T>>, listener: Listener<T>): Disposable {
  listeners.add(listener);
  return { dispose: () => listeners.delete(listener) };
}
