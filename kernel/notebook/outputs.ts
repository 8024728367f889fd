/**
 * Kernel messages of one execution → the nbformat outputs of its cell: the one output model both
 * hosts use (the headless runner keeps its outputs; the VS Code controller mirrors each change
 * into its live cell execution). Consecutive chunks of one stream merge into one output, a
 * display keeps its id (in `metadata.unrolled.displayId`) so `updateDisplay` replaces it in
 * place, the cell's value becomes an `execute_result`, and an error keeps its stack as lines.
 *
 * Displays live in a `DisplayRegistry` shared by all cells of a notebook, so a handle created in
 * one cell and updated from a later one (or by a timer after its cell finished) changes the
 * output where it first appeared, as in Jupyter.
 */
import type { CellError, KernelMessage, MimeBundle } from '../protocol/messages';
import type { DisplayDataOutput, ErrorOutput, Output, StreamOutput } from './nbformat';

/** The display id Unrolled stores on a `display_data` output, if any. */
export function displayIdOf(output: Output): string | undefined {
  if (output.output_type !== 'display_data') return undefined;
  return displayIdInMetadata(output.metadata);
}

/** The display id in an output's metadata (`{ unrolled: { displayId } }`), if any. */
export function displayIdInMetadata(metadata: Record<string, unknown> | undefined): string | undefined {
  const unrolled = metadata?.unrolled;
  if (typeof unrolled !== 'object' || unrolled === null || Array.isArray(unrolled)) return undefined;
  const displayId = (unrolled as Record<string, unknown>).displayId;
  return typeof displayId === 'string' ? displayId : undefined;
}

export function displayOutput(displayId: string, data: MimeBundle): DisplayDataOutput {
  return { output_type: 'display_data', data: { ...data }, metadata: { unrolled: { displayId } } };
}

export function errorOutput(error: CellError): ErrorOutput {
  return { output_type: 'error', ename: error.name, evalue: error.message, traceback: error.stack === '' ? [] : error.stack.split('\n') };
}

/** The error an `error` output describes, in the shape the kernel sends and VS Code shows. */
export function cellErrorOf(output: ErrorOutput): CellError {
  return { name: output.ename, message: output.evalue, stack: output.traceback.join('\n') };
}

/**
 * What one message changed, for a host that mirrors the outputs elsewhere (VS Code):
 * - `append`: a new output at the end of the running cell;
 * - `appendText`: `text` added to the running cell's last output, a stream;
 * - `replaceDisplay`: the data of a display changed, in `cell`, the cell that created it (which
 *   may be an earlier cell, finished by now).
 */
export type OutputChange<Cell> =
  | { type: 'append'; output: Output }
  | { type: 'appendText'; output: StreamOutput; text: string }
  | { type: 'replaceDisplay'; cell: Cell; output: DisplayDataOutput };

/**
 * Every display of one notebook's kernel, by id, with the cell that created it. `Cell` is
 * whatever the host names cells by (an index for the runner, a `vscode.NotebookCell` for VS Code).
 */
export class DisplayRegistry<Cell> {
  private readonly displays = new Map<string, { cell: Cell; output: DisplayDataOutput }>();

  add(cell: Cell, displayId: string, output: DisplayDataOutput): void {
    this.displays.set(displayId, { cell, output });
  }

  /**
   * Replaces the data of display `displayId` and says where it lives; undefined for an id never
   * displayed (or whose cell's outputs were cleared since), which then changes nothing.
   */
  update(displayId: string, data: MimeBundle): Extract<OutputChange<Cell>, { type: 'replaceDisplay' }> | undefined {
    const entry = this.displays.get(displayId);
    if (!entry) return undefined;
    entry.output.data = { ...data };
    return { type: 'replaceDisplay', cell: entry.cell, output: entry.output };
  }

  /** Forgets the displays `cell` created: its outputs are being cleared (it runs again). */
  forgetCell(cell: Cell): void {
    for (const [displayId, entry] of this.displays) if (entry.cell === cell) this.displays.delete(displayId);
  }

  /** Forgets every display: the kernel that held their handles is gone. */
  clear(): void {
    this.displays.clear();
  }
}

/** Collects the outputs of one cell execution, `cell` in a notebook whose displays are `displays`. */
export class OutputCollector<Cell = null> {
  readonly outputs: Output[] = [];

  constructor(
    private readonly executionCount: number | null,
    private readonly displays: DisplayRegistry<Cell>,
    private readonly cell: Cell,
  ) {}

  /** Applies one kernel message and returns what changed; messages that carry no output (`ready`, `done`) change nothing. */
  add(message: KernelMessage): OutputChange<Cell> | undefined {
    switch (message.type) {
      case 'stream':
        return this.stream(message.name, message.text);
      case 'display': {
        const output = displayOutput(message.displayId, message.data);
        this.displays.add(this.cell, message.displayId, output);
        return this.push(output);
      }
      case 'updateDisplay':
        return this.displays.update(message.displayId, message.data);
      case 'result':
        return this.push({ output_type: 'execute_result', data: { ...message.data }, metadata: {}, execution_count: this.executionCount });
      case 'error':
        return this.push(errorOutput(message.error));
      default:
        return undefined;
    }
  }

  /** An error raised by the host rather than the cell (kernel died, timed out, interrupted). */
  addHostError(error: CellError): OutputChange<Cell> {
    return this.push(errorOutput(error));
  }

  private push(output: Output): OutputChange<Cell> {
    this.outputs.push(output);
    return { type: 'append', output };
  }

  private stream(name: string, text: string): OutputChange<Cell> {
    const last = this.outputs[this.outputs.length - 1];
    if (last?.output_type === 'stream' && last.name === name) {
      last.text += text;
      return { type: 'appendText', output: last, text };
    }
    const output: StreamOutput = { output_type: 'stream', name, text };
    return this.push(output);
  }
}
