/**
 * Kernel messages of one execution → the nbformat outputs saved in the notebook. Mirrors what
 * the VS Code controller shows live: consecutive chunks of one stream merge into one output,
 * a display keeps its id (in `metadata.unrolled.displayId`) so `updateDisplay` replaces it in
 * place, the cell's value becomes an `execute_result`, and an error keeps its stack as lines.
 */
import type { CellError, KernelMessage, MimeBundle } from '../protocol/messages';
import type { DisplayDataOutput, ErrorOutput, Output, StreamOutput } from './nbformat';

/** The display id Unrolled stores on a `display_data` output, if any. */
export function displayIdOf(output: Output): string | undefined {
  if (output.output_type !== 'display_data') return undefined;
  const unrolled = output.metadata.unrolled;
  if (typeof unrolled !== 'object' || unrolled === null || Array.isArray(unrolled)) return undefined;
  return typeof unrolled.displayId === 'string' ? unrolled.displayId : undefined;
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
 * Collects the outputs of one cell execution. Displays are looked up in `displays`, which the
 * caller may share between cells so that a handle created in one cell and updated from a later
 * one changes the output where it first appeared, as in Jupyter.
 */
export class OutputCollector {
  readonly outputs: Output[] = [];

  constructor(
    private readonly executionCount: number | null,
    private readonly displays: Map<string, DisplayDataOutput> = new Map(),
  ) {}

  /** Applies one kernel message; messages that carry no output (`ready`, `done`) are ignored. */
  add(message: KernelMessage): void {
    switch (message.type) {
      case 'stream':
        this.stream(message.name, message.text);
        return;
      case 'display': {
        const output = displayOutput(message.displayId, message.data);
        this.displays.set(message.displayId, output);
        this.outputs.push(output);
        return;
      }
      case 'updateDisplay': {
        const output = this.displays.get(message.displayId);
        if (output) output.data = { ...message.data };
        return;
      }
      case 'result':
        this.outputs.push({ output_type: 'execute_result', data: { ...message.data }, metadata: {}, execution_count: this.executionCount });
        return;
      case 'error':
        this.outputs.push(errorOutput(message.error));
        return;
      default:
        return;
    }
  }

  /** An error raised by the host rather than the cell (kernel died, timed out, interrupted). */
  addHostError(error: CellError): void {
    this.outputs.push(errorOutput(error));
  }

  private stream(name: string, text: string): void {
    const last = this.outputs[this.outputs.length - 1];
    if (last?.output_type === 'stream' && last.name === name) {
      last.text += text;
      return;
    }
    const output: StreamOutput = { output_type: 'stream', name, text };
    this.outputs.push(output);
  }
}

