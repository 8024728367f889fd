/**
 * Everything one open notebook owns: its kernel process (started on the first run, one per
 * notebook so notebooks never share variables), its execution queue, its execution counter and
 * its displays (so a handle updated from a later cell, or by a timer after its cell finished,
 * changes the output in the cell that created it).
 * The kernel lives in its own process, so a crash or an endless loop there never touches the
 * editor: the user's edits stay in VS Code's document, and the next run starts a fresh kernel.
 */
import * as path from 'node:path';
import * as os from 'node:os';
import * as vscode from 'vscode';
import { KernelClient } from '../kernel/host/kernelClient';
import type { BackendInfo, KernelMessage } from '../kernel/protocol/messages';
import type { DisplayDataOutput } from '../kernel/notebook/nbformat';
import { DisplayRegistry, displayIdInMetadata, displayIdOf } from '../kernel/notebook/outputs';
import { CellRun } from './cellRun';
import { ExecutionQueue } from './executionQueue';
import { bundleToItems } from './mimeItems';

export interface SessionEnvironment {
  controller: vscode.NotebookController;
  kernelPath: string;
  log: vscode.LogOutputChannel;
  onBackend(info: BackendInfo): void;
}

export class NotebookSession {
  private client: Promise<KernelClient> | undefined;
  private readonly queue = new ExecutionQueue();
  private executionCount = 0;
  private readonly displays = new DisplayRegistry<vscode.NotebookCell>();
  /** Display updates for cells not running now, latest data per display id, written one at a time. */
  private readonly pendingReplacements = new Map<string, { cell: vscode.NotebookCell; output: DisplayDataOutput }>();
  private replacements: Promise<void> = Promise.resolve();

  constructor(
    readonly notebook: vscode.NotebookDocument,
    private readonly env: SessionEnvironment,
  ) {}

  /** Queues the cells in order and resolves when they have run or been cancelled. */
  run(cells: readonly vscode.NotebookCell[]): Promise<void> {
    const runs = cells.map((cell) => {
      const execution = this.env.controller.createNotebookCellExecution(cell);
      // A pending execution must be started before it can end; ending it unstarted leaves the
      // cell pending, and VS Code then refuses a new execution for it.
      const cancel = () => {
        execution.start();
        execution.end(undefined);
      };
      return { run: () => this.runCell(cell, execution), cancel };
    });
    return this.queue.enqueue(runs);
  }

  /** Stops the running cell and cancels the queued ones. */
  async interrupt(): Promise<void> {
    this.queue.cancelPending();
    const client = await this.runningClient();
    if (client) await client.interrupt();
  }

  /** Kills the kernel (losing its variables); the next run starts a fresh one. */
  async restart(): Promise<void> {
    this.queue.cancelPending();
    const client = await this.runningClient();
    this.executionCount = 0;
    this.displays.clear();
    if (client) {
      await client.restart();
      this.env.onBackend(client.backend);
    }
  }

  async dispose(): Promise<void> {
    this.queue.cancelPending();
    const client = await this.runningClient();
    this.client = undefined;
    await client?.dispose();
  }

  private async runningClient(): Promise<KernelClient | undefined> {
    return this.client?.catch(() => undefined);
  }

  private kernel(): Promise<KernelClient> {
    if (!this.client) {
      const config = vscode.workspace.getConfiguration('unrolled', this.notebook.uri);
      this.client = KernelClient.start({
        cwd: this.workingDirectory(),
        kernelPath: this.env.kernelPath,
        backend: config.get<string>('backend', 'auto'),
        interruptGraceMs: config.get<number>('interruptGraceMs', 1000),
        log: (line: string) => this.env.log.info(`[kernel ${path.basename(this.notebook.uri.fsPath)}] ${line}`),
      }).then((client) => {
        client.onStrayMessage((message) => this.stray(message));
        this.env.onBackend(client.backend);
        return client;
      });
      this.client.catch(() => (this.client = undefined));
    }
    return this.client;
  }

  private workingDirectory(): string {
    if (this.notebook.uri.scheme === 'file') return path.dirname(this.notebook.uri.fsPath);
    return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? os.tmpdir();
  }

  private async runCell(cell: vscode.NotebookCell, execution: vscode.NotebookCellExecution): Promise<boolean> {
    execution.executionOrder = ++this.executionCount;
    const output = new CellRun(execution, this.displays, (owner, display) => this.replaceElsewhere(owner, display));
    execution.start(Date.now());
    this.displays.forgetCell(cell);
    await execution.clearOutput();
    if (!vscode.workspace.isTrusted) {
      output.error({ name: 'WorkspaceNotTrusted', message: 'This workspace is not trusted, so no cell runs. Trust the workspace (Manage Workspace Trust) to run the lesson.', stack: '' });
      await output.flushed();
      execution.end(false, Date.now());
      return false;
    }
    let client: KernelClient;
    try {
      client = await this.kernel();
    } catch (e) {
      output.error({ name: 'KernelStartError', message: `The kernel could not start: ${(e as Error).message}`, stack: '' });
      await output.flushed();
      execution.end(false, Date.now());
      return false;
    }
    const outcome = await client.execute(cell.document.getText(), {
      executionCount: execution.executionOrder,
      cellLabel: `cell ${cell.index + 1}`,
      onMessage: (message) => output.handle(message),
    });
    if (outcome.message) {
      if (outcome.status === 'died' || outcome.stateLost) output.error({ name: outcome.status === 'died' ? 'KernelDied' : 'KernelRestarted', message: outcome.message, stack: '' });
      else output.notice(outcome.message);
    }
    if (outcome.stateLost) {
      this.executionCount = 0;
      this.displays.clear();
    }
    await Promise.all([output.flushed(), this.replacements]);
    execution.end(outcome.status === 'ok', Date.now());
    return outcome.status === 'ok';
  }

  /** A message no running cell owns: a display updated by a timer after its cell finished is applied; anything else is logged. */
  private stray(message: KernelMessage): void {
    if (message.type === 'updateDisplay') {
      const change = this.displays.update(message.displayId, message.data);
      if (change) this.replaceElsewhere(change.cell, change.output);
      return;
    }
    this.env.log.info(`[kernel ${path.basename(this.notebook.uri.fsPath)}] ignored a ${message.type} message of a finished execution`);
  }

  /** Queues the write of a display's new data into `cell`, a cell not running now; only the latest data of each display is written. */
  private replaceElsewhere(cell: vscode.NotebookCell, output: DisplayDataOutput): void {
    const displayId = displayIdOf(output);
    if (displayId === undefined) return;
    const queued = this.pendingReplacements.has(displayId);
    this.pendingReplacements.set(displayId, { cell, output });
    if (!queued) this.replacements = this.replacements.then(() => this.writeReplacement(displayId)).catch((error: Error) => this.env.log.warn(`a display update could not be shown: ${error.message}`));
  }

  /**
   * VS Code changes a cell's outputs only through an execution of it, so an update for a finished
   * cell runs in a temporary execution of that cell, as vscode-jupyter does; it keeps the cell's
   * execution order, timing and success as they were.
   */
  private async writeReplacement(displayId: string): Promise<void> {
    const pending = this.pendingReplacements.get(displayId);
    this.pendingReplacements.delete(displayId);
    if (!pending || pending.cell.index < 0 || pending.cell.notebook.isClosed) return;
    const { cell, output } = pending;
    const target = cell.outputs.find((candidate) => displayIdInMetadata(candidate.metadata) === displayId);
    if (!target) {
      this.env.log.warn(`a display update for cell ${cell.index + 1} found no output with display id ${displayId}; the cell's outputs were cleared or replaced`);
      return;
    }
    const summary = cell.executionSummary;
    let execution: vscode.NotebookCellExecution;
    try {
      execution = this.env.controller.createNotebookCellExecution(cell);
    } catch {
      // The cell is queued or running, so its outputs are about to be cleared anyway.
      return;
    }
    execution.executionOrder = summary?.executionOrder;
    execution.start(summary?.timing?.startTime);
    try {
      await execution.replaceOutputItems(bundleToItems(output.data), target);
    } finally {
      execution.end(summary?.success, summary?.timing?.endTime);
    }
  }
}
