/**
 * The local `KernelTransport`: one kernel process, forked with an IPC channel (fd 3) and an interrupt
 * pipe (fd 4), ready once it reports its backend. Its own stdout/stderr (not cell output, which
 * travels over IPC) are forwarded line by line to the host's log, and the last lines of stderr are
 * kept to explain a failed start or a crash.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import type { BackendInfo, HostMessage, KernelMessage } from '../protocol/messages';
import { describeExit, type KernelExit, type KernelStartOptions, type KernelTransport } from './kernelTransport';

/** fd 0 unused, 1-2 the kernel's own output, 3 IPC, 4 the interrupt pipe (announced in UNROLLED_INTERRUPT_FD). */
const stdio = ['ignore', 'pipe', 'pipe', 'ipc', 'pipe'] as const;

/** How long after `exit` the host waits for the IPC channel to drain before it reports the exit anyway. */
const closeGraceMs = 250;
const stderrTailLines = 20;

export class KernelProcess implements KernelTransport {
  readonly pid: number;
  backend: BackendInfo = { name: 'unknown', skipped: [] };
  /** Wall time from fork to `ready`, as the host saw it. */
  startupMs = 0;
  onMessage: (message: KernelMessage) => void = () => undefined;
  /** Resolves once the process is gone and every message it sent has been delivered. */
  readonly exited: Promise<KernelExit>;
  exit: KernelExit | undefined;
  private readonly stderrTail: string[] = [];

  private constructor(
    private readonly child: ChildProcess,
    private readonly log: (line: string) => void,
  ) {
    this.pid = child.pid ?? -1;
    this.forward(child.stdout, 'stdout');
    this.forward(child.stderr, 'stderr');
    const interruptPipe = child.stdio[4] as Writable | null;
    interruptPipe?.on('error', (error) => this.log(`interrupt pipe: ${error.message}`));
    let exitCalled: KernelExit['exitCalled'];
    child.on('message', (message: KernelMessage) => {
      if (message.type === 'exitCalled') exitCalled = { argument: message.argument, caller: message.caller };
      else this.onMessage(message);
    });
    this.exited = new Promise((resolve) => {
      let exit: KernelExit | undefined;
      const report = () => {
        if (!exit || this.exit) return;
        // Read now: the announcement may be delivered after `exit`, before the channel closes.
        if (exitCalled) exit.exitCalled = exitCalled;
        this.exit = exit;
        resolve(exit);
      };
      child.on('error', (error) => {
        this.log(`kernel process error: ${error.message}`);
        // A process that could not be spawned never exits: report it as gone, with the reason.
        if (child.pid === undefined) {
          this.stderrTail.push(error.message);
          exit = { code: null, signal: null };
          report();
        }
      });
      child.on('exit', (code, signal) => {
        exit = { code, signal };
        setTimeout(report, closeGraceMs).unref();
      });
      child.on('close', report);
    });
  }

  /** Forks a kernel and resolves when it is ready; rejects with the reason (and its stderr) when it cannot start. */
  static start(options: KernelStartOptions): Promise<KernelProcess> {
    const started = performance.now();
    // The code-cache loader next to the bundle starts it faster; without it, the bundle runs as is.
    const loader = join(dirname(options.kernelPath), 'loader.js');
    const [modulePath, args] = existsSync(loader) ? [loader, [options.kernelPath]] : [options.kernelPath, []];
    const child = fork(modulePath, args, {
      cwd: options.cwd,
      env: { ...options.env, UNROLLED_BACKEND: options.backend, UNROLLED_INTERRUPT_FD: '4' },
      execPath: options.execPath,
      execArgv: [],
      stdio: [...stdio],
      serialization: 'json',
    });
    const kernel = new KernelProcess(child, options.log);
    return new Promise<KernelProcess>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`the kernel did not report ready within ${options.startTimeoutMs} ms${kernel.stderrSummary()}`));
      }, options.startTimeoutMs);
      kernel.onMessage = (message) => {
        if (message.type !== 'ready') return;
        clearTimeout(timer);
        kernel.backend = message.backend;
        kernel.startupMs = performance.now() - started;
        kernel.onMessage = () => undefined;
        // From here on stderr tells about this session (a crash), not about starting.
        kernel.stderrTail.length = 0;
        resolve(kernel);
      };
      void kernel.exited.then((exit) => {
        clearTimeout(timer);
        reject(new Error(`the kernel process exited (${describeExit(exit)}) before it was ready${kernel.stderrSummary()}`));
      });
    });
  }

  get alive(): boolean {
    return this.exit === undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  send(message: HostMessage): void {
    if (!this.child.connected) return;
    this.child.send(message, (error) => {
      if (error) this.log(`could not send '${message.type}' to the kernel: ${error.message}`);
    });
  }

  /** Signals an interrupt both ways: a byte on the pipe (seen even by a busy main thread) and an IPC message. */
  interrupt(token: number): void {
    const pipe = this.child.stdio[4] as Writable | null;
    if (pipe && !pipe.destroyed) pipe.write(Buffer.from([token]));
    this.send({ type: 'interrupt', interruptToken: token });
  }

  /** Kills the process at once and resolves when it is gone. */
  async kill(): Promise<KernelExit> {
    if (this.alive) this.child.kill('SIGKILL');
    return this.exited;
  }

  /** Asks the kernel to exit; kills it if it has not within `graceMs`. */
  async shutdown(graceMs: number): Promise<KernelExit> {
    if (!this.alive) return this.exited;
    this.send({ type: 'shutdown' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }

  /** The last lines the kernel wrote to its stderr, as a suffix for an error message ('' when none). */
  stderrSummary(): string {
    return this.stderrTail.length > 0 ? `:\n${this.stderrTail.join('\n')}` : '';
  }

  private forward(stream: NodeJS.ReadableStream | null, name: 'stdout' | 'stderr'): void {
    if (!stream) return;
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      this.log(name === 'stderr' ? `stderr: ${line}` : line);
      if (name === 'stderr') {
        this.stderrTail.push(line);
        if (this.stderrTail.length > stderrTailLines) this.stderrTail.shift();
      }
    });
  }
}

/** `dist/kernel/kernel.js`, found by walking up from this bundle (dist/extension, dist/cli, out/test/…). */
export function defaultKernelPath(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidates = [join(dir, 'dist', 'kernel', 'kernel.js'), join(dir, 'kernel', 'kernel.js')];
    const found = candidates.find((p) => existsSync(p));
    if (found) return found;
    if (dirname(dir) === dir) break;
  }
  throw new Error(`the kernel bundle dist/kernel/kernel.js was not found above ${from}; run 'npm run build' first`);
}
