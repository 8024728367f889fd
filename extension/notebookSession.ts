/**
 * Everything one open notebook owns: its kernel process (started on the first run, one per
 * notebook so notebooks never share variables), its execution queue and its execution counter.
 * The kernel lives in its own process, so a crash or an endless loop there never touches the
 * editor: the user's edits stay in VS Code's document, and the next run starts a fresh kernel.
 */
import * as path from 'node:path';
import * as os from 'node:os';
import * as vscode from 'vscode';
import { KernelClient } from '../kernel/host/kernelClient';
import type { BackendInfo } from '../kernel/protocol/messages';
import { CellRun } from './cellRun';
import { ExecutionQueue } from './executionQueue';

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
    const output = new CellRun(execution);
    execution.executionOrder = ++this.executionCount;
    execution.start(Date.now());
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
    if (outcome.stateLost) this.executionCount = 0;
    await output.flushed();
    execution.end(outcome.status === 'ok', Date.now());
    return outcome.status === 'ok';
  }
}
