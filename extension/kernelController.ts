/**
 * The notebook controller: VS Code's "kernel" for `.seqnb` files. It owns one NotebookSession
 * per open notebook. Interrupts arrive through `interruptHandler`; once that is set VS Code never
 * fires the execution's cancellation token, so the session's own interrupt does all the work.
 */
import * as vscode from 'vscode';
import { cellLanguages } from '../kernel/notebook/vscodeShape';
import type { BackendInfo } from '../kernel/protocol/messages';
import { NotebookSession } from './notebookSession';
import { notebookType } from './serializer';

export { notebookType };

export class KernelController implements vscode.Disposable {
  private readonly controller: vscode.NotebookController;
  private readonly sessions = new Map<vscode.NotebookDocument, NotebookSession>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly kernelPath: string,
    private readonly log: vscode.LogOutputChannel,
    private readonly onBackend: (notebook: vscode.NotebookDocument, info: BackendInfo) => void,
  ) {
    this.controller = vscode.notebooks.createNotebookController('unrolled-kernel', notebookType, 'Unrolled (TypeScript)');
    this.controller.supportedLanguages = [...cellLanguages];
    this.controller.supportsExecutionOrder = true;
    this.controller.description = 'Runs cells in a TypeScript kernel process with the unrolled library';
    this.controller.executeHandler = (cells, notebook) => this.session(notebook).run(cells);
    this.controller.interruptHandler = (notebook) => this.session(notebook).interrupt();
    this.disposables.push(
      this.controller,
      vscode.workspace.onDidCloseNotebookDocument((notebook) => {
        void this.sessions.get(notebook)?.dispose();
        this.sessions.delete(notebook);
      }),
    );
  }

  /** Every `.seqnb` notebook uses this controller unless the user picks another. */
  preferFor(notebook: vscode.NotebookDocument): void {
    if (notebook.notebookType === notebookType) this.controller.updateNotebookAffinity(notebook, vscode.NotebookControllerAffinity.Preferred);
  }

  async restart(notebook: vscode.NotebookDocument): Promise<void> {
    await this.sessions.get(notebook)?.restart();
  }

  async interrupt(notebook: vscode.NotebookDocument): Promise<void> {
    await this.sessions.get(notebook)?.interrupt();
  }

  dispose(): void {
    for (const session of this.sessions.values()) void session.dispose();
    this.sessions.clear();
    for (const d of this.disposables) d.dispose();
  }

  private session(notebook: vscode.NotebookDocument): NotebookSession {
    let session = this.sessions.get(notebook);
    if (!session) {
      session = new NotebookSession(notebook, {
        controller: this.controller,
        kernelPath: this.kernelPath,
        log: this.log,
        onBackend: (info) => this.onBackend(notebook, info),
      });
      this.sessions.set(notebook, session);
    }
    return session;
  }
}
