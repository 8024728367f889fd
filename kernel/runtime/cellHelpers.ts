/**
 * The helpers that transformed cell code calls, installed on the kernel's global object under one
 * reserved name so cells cannot shadow them by accident. The transformer (`topLevel.ts`,
 * `instrument.ts`) emits calls to exactly these members.
 */
export const helpersGlobalName = '__unrolled_cell';

export interface CellHelpers {
  /** Defines each missing global name as `undefined`, so a cell's top-level names can be assigned (also in strict code). */
  declare(names: readonly string[]): void;
  /** `require` for cells: the bundled library and tfjs, else the packages installed next to the notebook. */
  require(specifier: string): unknown;
  /** `import("m")`: the same module `require` gives, as a promise. */
  importModule(specifier: string): Promise<unknown>;
  /** The value of `import d from "m"`: the module's `default` when it is an ES module with one, else the module. */
  defaultOf(module: unknown): unknown;
  /**
   * The interrupt flag (slot 0, set by the interrupt watcher's thread). Every loop body starts with
   * `if (flag[0] !== 0) interrupted()`. Measured in the kernel on a loop body of one array read and
   * a multiply: this plain read of shared memory adds ~40%, where `Atomics.load` or a helper call per
   * iteration makes the loop ~5x slower. V8 does not hoist the read out of the loop (a test
   * interrupts a tight synchronous loop); should it ever, the host's restart after the grace
   * period still stops the cell.
   */
  readonly flag: Int32Array;
  /** Throws the library's `InterruptedError`. */
  interrupted(): never;
  /** Called with the value of every `await` in cell code: checks for an interrupt, then passes the value on. */
  afterAwait<T>(value: T): T;
}
