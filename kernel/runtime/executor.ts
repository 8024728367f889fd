/**
 * Runs cells. Every cell is transformed (`transform.ts`) and run as a script in the kernel's own
 * global scope, one after the other, so a cell's top-level names are globals that later cells see.
 *
 * Why the kernel's own realm and not a separate `vm` context: objects must cross between cells and
 * the bundled library freely. In a second realm a cell's `[]`, `{}` and `new Float32Array()` come
 * from other constructors than the library's, so `instanceof` and prototype checks inside tfjs and
 * npm packages fail, and errors the library throws are not `instanceof Error` in cells. The cell
 * globals (`console`, `display`, `require`) are installed on the kernel's global object instead;
 * the rest (`process`, `Buffer`, timers, `URL`, `fetch`, …) are Node's own.
 *
 * Interrupts: instrumented loops and awaits throw `InterruptedError` once the flag is set. When an
 * interrupt arrives over IPC the main thread is free, so the cell is waiting on something; if it
 * has not stopped on its own shortly after, it is abandoned: it ends as interrupted now, and the
 * async work it started stops at its next `await` (each execution carries its state in an
 * `AsyncLocalStorage`, which the interrupt signal consults too).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { Script } from 'node:vm';
import type { HostMessage } from '../protocol/messages';
import { InterruptedError, setInterruptSource } from '../lib/core/interrupt';
import { helpersGlobalName, type CellHelpers } from './cellHelpers';
import { CellSourceMaps, syntaxError, toCellError } from './cellErrors';
import type { KernelChannel } from './channel';
import type { OutputRouter } from './console';
import { createDisplay, DisplayHandle, toBundle } from './display';
import type { InterruptWatcher } from './interruptWatcher';
import { bundledModule, bundledModuleNames, isBundledModule } from './kernelModules';
import { catchStrayErrors, type StrayKind } from './strayErrors';
import { transformCell } from './transform';

type ExecuteMessage = Extract<HostMessage, { type: 'execute' }>;

/** How long a cell waiting on a promise gets to stop by itself after an IPC interrupt before it is abandoned. */
const abandonAfterMs = 250;

interface ExecutionState {
  token: number;
  abandoned: boolean;
}

export class Executor {
  private readonly maps = new CellSourceMaps(__filename);
  private readonly executions = new AsyncLocalStorage<ExecutionState>();
  private running: { state: ExecutionState; abandon: () => void } | undefined;
  private readonly requireFromNotebook = createRequire(join(process.cwd(), '__notebook__.js'));
  private readonly requireFromKernel = createRequire(__filename);

  constructor(
    private readonly channel: KernelChannel,
    private readonly output: OutputRouter,
    private readonly watcher: InterruptWatcher,
  ) {}

  /** Installs the cell globals and the handlers that keep stray async errors from killing the kernel. */
  install(): void {
    const helpers: CellHelpers = {
      declare: (names) => {
        for (const name of names) if (!(name in globalThis)) Reflect.set(globalThis, name, undefined);
      },
      require: this.requireForCells,
      importModule: async (specifier) => this.requireForCells(specifier),
      defaultOf: (module) => {
        const m = module as { __esModule?: boolean; default?: unknown } | null;
        return m !== null && typeof m === 'object' && m.__esModule && 'default' in m ? m.default : module;
      },
      flag: this.watcher.shared,
      interrupted: () => {
        throw new InterruptedError();
      },
      afterAwait: (value) => {
        if (this.watcher.requested || this.executions.getStore()?.abandoned) throw new InterruptedError();
        return value;
      },
    };
    this.maps.install();
    Object.defineProperty(globalThis, helpersGlobalName, { value: helpers, enumerable: false, writable: false });
    Object.assign(globalThis, { display: createDisplay(this.channel), require: this.requireForCells });
    setInterruptSource(() => this.watcher.requested || this.executions.getStore()?.abandoned === true);
    catchStrayErrors((kind, thrown) => this.stray(kind, thrown));
    // The host sees only an exit code; told of a process.exit call first, it can say who made it.
    const exit = process.exit.bind(process);
    process.exit = ((code?: number | string | null) => {
      if (process.connected) this.channel.send({ type: 'exitCalled', argument: code === undefined ? '' : inspect(code), caller: this.maps.innermostCellFrame() });
      return exit(code);
    }) as typeof process.exit;
  }

  /** Runs one cell and reports its outputs, its result or error, and `done`. */
  async execute(message: ExecuteMessage): Promise<void> {
    const started = performance.now();
    const { id, cellLabel } = message;
    const state: ExecutionState = { token: message.interruptToken, abandoned: false };
    this.channel.begin(id);
    this.watcher.begin(state.token);
    this.output.flushIdle();
    let status: 'ok' | 'error' | 'interrupted' = 'ok';
    try {
      const transformed = transformCell(message.code);
      if (!transformed.ok) {
        status = 'error';
        this.channel.send({ type: 'error', id, error: syntaxError(cellLabel, transformed.errors) });
      } else {
        const script = new Script(transformed.cell.code, { filename: this.maps.register(cellLabel, transformed.cell) });
        const value = await this.executions.run(state, () => this.untilAbandoned(state, script.runInThisContext() as Promise<unknown>));
        if (value !== undefined && !(value instanceof DisplayHandle)) this.channel.send({ type: 'result', id, data: toBundle(value) });
      }
    } catch (thrown) {
      if (isInterrupted(thrown)) status = 'interrupted';
      else {
        status = 'error';
        this.channel.send({ type: 'error', id, error: toCellError(thrown, this.maps) });
      }
    }
    // A library loop that saw the flag stops cleanly and returns; the cell still counts as interrupted.
    if (status === 'ok' && this.watcher.requested) status = 'interrupted';
    this.running = undefined;
    this.watcher.end();
    this.channel.end();
    this.channel.send({ type: 'done', id, status, durationMs: performance.now() - started });
  }

  /** An interrupt over IPC: the main thread is free, so the running cell is waiting; give it a moment, then abandon it. */
  interrupt(token: number): void {
    this.watcher.request(token);
    const running = this.running;
    if (!running || running.state.token !== token) return;
    setTimeout(() => {
      if (this.running === running) running.abandon();
    }, abandonAfterMs).unref();
  }

  private untilAbandoned<T>(state: ExecutionState, work: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.running = {
        state,
        abandon: () => {
          state.abandoned = true;
          reject(new InterruptedError());
        },
      };
      work.then(resolve, reject);
    });
  }

  private require(specifier: string): unknown {
    if (typeof specifier !== 'string') throw new TypeError(`require expected a module name string, got ${typeof specifier}`);
    if (isBundledModule(specifier)) return bundledModule(specifier);
    try {
      return this.requireFromNotebook(specifier);
    } catch (fromNotebook) {
      if (!isNotFound(fromNotebook, specifier)) throw fromNotebook;
      try {
        return this.requireFromKernel(specifier);
      } catch (fromKernel) {
        if (!isNotFound(fromKernel, specifier)) throw fromKernel;
        const error = new Error(
          `Cannot find module '${specifier}': it is not bundled with the kernel (${bundledModuleNames.join(', ')}) ` +
            `and not installed for the notebook's folder ${process.cwd()} (install it there with: npm install ${specifier})`,
        );
        // The stack starts at the cell's import, not inside the kernel's module loader.
        Error.captureStackTrace(error, this.requireForCells);
        throw error;
      }
    }
  }

  /** The entry point cells call (global `require` and the transformed imports). */
  private readonly requireForCells = (specifier: string): unknown => this.require(specifier);

  /** Errors of async work nobody awaits: shown in the running cell's stderr, or the next cell's. Abandoned work stopping is expected and silent. */
  private stray(kind: StrayKind, thrown: unknown): void {
    if (isInterrupted(thrown)) return;
    const error = toCellError(thrown, this.maps);
    const text = error.stack || `${error.name}: ${error.message}`;
    this.output.write('stderr', `${kind} (from async work a cell started): ${text}\n`);
  }
}

/** Whether `error` says that `specifier` itself was not found (not one of its own imports). */
function isNotFound(error: unknown, specifier: string): boolean {
  return (error as { code?: string }).code === 'MODULE_NOT_FOUND' && (error as Error).message.startsWith(`Cannot find module '${specifier}'`);
}

function isInterrupted(thrown: unknown): boolean {
  return thrown instanceof InterruptedError || (thrown instanceof Error && thrown.name === 'InterruptedError');
}
