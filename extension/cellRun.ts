/**
 * Mirrors one cell's outputs, as the shared output model (kernel/notebook/outputs.ts) builds them,
 * into its VS Code execution as messages arrive: console chunks append to the current
 * stdout/stderr output (so a long loop's prints appear live), displays become outputs that
 * updates replace in place, and the error appears as an error output with the stack already
 * mapped to the cell's own lines by the kernel. An update of a display another cell created is
 * handed to `replaceElsewhere` (the session writes it into that cell).
 */
import * as vscode from 'vscode';
import type { CellError, KernelMessage } from '../kernel/protocol/messages';
import type { DisplayDataOutput, Output } from '../kernel/notebook/nbformat';
import { OutputCollector, type DisplayRegistry, type OutputChange } from '../kernel/notebook/outputs';
import { streamMimes } from '../kernel/notebook/vscodeShape';
import { bundleToItems } from './mimeItems';

export type ReplaceElsewhere = (cell: vscode.NotebookCell, output: DisplayDataOutput) => void;

export class CellRun {
  private readonly collector: OutputCollector<vscode.NotebookCell>;
  /** The live VS Code output of each model output of this run. */
  private readonly live = new Map<Output, vscode.NotebookCellOutput>();
  /** Output writes are chained so they reach VS Code in message order. */
  private writes: Thenable<unknown> = Promise.resolve();

  constructor(
    readonly execution: vscode.NotebookCellExecution,
    displays: DisplayRegistry<vscode.NotebookCell>,
    private readonly replaceElsewhere: ReplaceElsewhere,
  ) {
    this.collector = new OutputCollector(execution.executionOrder ?? null, displays, execution.cell);
  }

  /** Applies one message of this cell's execution. */
  handle(message: KernelMessage): void {
    const change = this.collector.add(message);
    if (change) this.apply(change);
  }

  /** A message from the host itself (kernel restarted, died, untrusted workspace), shown as an error. */
  error(error: CellError): void {
    this.apply(this.collector.addHostError(error));
  }

  notice(text: string): void {
    this.handle({ type: 'stream', id: '', name: 'stderr', text: text.endsWith('\n') ? text : text + '\n' });
  }

  /** Resolves when every output write so far has reached VS Code. */
  flushed(): Thenable<unknown> {
    return this.writes;
  }

  private apply(change: OutputChange<vscode.NotebookCell>): void {
    switch (change.type) {
      case 'append': {
        const output = liveOutput(change.output);
        this.live.set(change.output, output);
        return this.enqueue(() => this.execution.appendOutput(output));
      }
      case 'appendText': {
        const output = this.live.get(change.output);
        const name = change.output.name === 'stderr' ? 'stderr' : 'stdout';
        if (output) this.enqueue(() => this.execution.appendOutputItems(new vscode.NotebookCellOutputItem(Buffer.from(change.text, 'utf8'), streamMimes[name]), output));
        return;
      }
      case 'replaceDisplay': {
        const output = change.cell === this.execution.cell ? this.live.get(change.output) : undefined;
        if (output) this.enqueue(() => this.execution.replaceOutputItems(bundleToItems(change.output.data), output));
        else this.replaceElsewhere(change.cell, change.output);
        return;
      }
    }
  }

  private enqueue(write: () => Thenable<void>): void {
    this.writes = this.writes.then(write, write);
  }
}

/** A model output as VS Code shows it while the cell runs (the serializer reads it back to the same nbformat output). */
function liveOutput(output: Output): vscode.NotebookCellOutput {
  switch (output.output_type) {
    case 'stream':
      return new vscode.NotebookCellOutput([new vscode.NotebookCellOutputItem(Buffer.from(output.text, 'utf8'), streamMimes[output.name === 'stderr' ? 'stderr' : 'stdout'])]);
    case 'display_data':
      return new vscode.NotebookCellOutput(bundleToItems(output.data), output.metadata);
    case 'execute_result':
      return new vscode.NotebookCellOutput(bundleToItems(output.data));
    case 'error': {
      const error = { name: output.ename, message: output.evalue, stack: output.traceback.join('\n') };
      return new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.error(Object.assign(new Error(error.message), error))]);
    }
  }
}
