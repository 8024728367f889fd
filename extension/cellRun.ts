/**
 * Writes one cell's kernel messages into its VS Code execution as they arrive: console chunks
 * append to the current stdout/stderr output (so a long loop's prints appear live), displays
 * become outputs that `updateDisplay` replaces in place, and the error appears as an error output
 * with the stack already mapped to the cell's own lines by the kernel.
 */
import * as vscode from 'vscode';
import type { CellError, KernelMessage } from '../kernel/protocol/messages';
import { bundleToItems } from './mimeItems';

const streamMime = { stdout: 'application/vnd.code.notebook.stdout', stderr: 'application/vnd.code.notebook.stderr' } as const;

export class CellRun {
  private readonly displays = new Map<string, vscode.NotebookCellOutput>();
  private lastStream: { name: 'stdout' | 'stderr'; output: vscode.NotebookCellOutput } | undefined;
  /** Output writes are chained so they reach VS Code in message order. */
  private writes: Thenable<unknown> = Promise.resolve();

  constructor(readonly execution: vscode.NotebookCellExecution) {}

  /** Applies one message of this cell's execution. */
  handle(message: KernelMessage): void {
    switch (message.type) {
      case 'stream':
        return this.stream(message.name, message.text);
      case 'display': {
        const output = new vscode.NotebookCellOutput(bundleToItems(message.data), { unrolled: { displayId: message.displayId } });
        this.displays.set(message.displayId, output);
        return this.append(output);
      }
      case 'updateDisplay': {
        const output = this.displays.get(message.displayId);
        if (output) this.enqueue(() => this.execution.replaceOutputItems(bundleToItems(message.data), output));
        return;
      }
      case 'result':
        return this.append(new vscode.NotebookCellOutput(bundleToItems(message.data)));
      case 'error':
        return this.error(message.error);
      default:
        return;
    }
  }

  /** A message from the host itself (kernel restarted, died, untrusted workspace), shown as an error. */
  error(error: CellError): void {
    this.append(new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.error(Object.assign(new Error(error.message), error))]));
  }

  notice(text: string): void {
    this.stream('stderr', text.endsWith('\n') ? text : text + '\n');
  }

  /** Resolves when every output write so far has reached VS Code. */
  flushed(): Thenable<unknown> {
    return this.writes;
  }

  private stream(name: 'stdout' | 'stderr', text: string): void {
    const item = new vscode.NotebookCellOutputItem(Buffer.from(text, 'utf8'), streamMime[name]);
    const last = this.lastStream;
    if (last && last.name === name) {
      this.enqueue(() => this.execution.appendOutputItems(item, last.output));
      return;
    }
    const output = new vscode.NotebookCellOutput([item]);
    this.append(output);
    this.lastStream = { name, output };
  }

  private append(output: vscode.NotebookCellOutput): void {
    this.lastStream = undefined;
    this.enqueue(() => this.execution.appendOutput(output));
  }

  private enqueue(write: () => Thenable<void>): void {
    this.writes = this.writes.then(write, write);
  }
}
