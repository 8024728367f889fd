/**
 * The status bar item that tells the user which tensor backend the active notebook's kernel
 * runs on (wasm, cpu, tensorflow, tensorflow-gpu), with the reasons faster ones were skipped.
 */
import * as vscode from 'vscode';
import type { BackendInfo } from '../kernel/protocol/messages';

export class BackendStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('unrolled.backend', vscode.StatusBarAlignment.Right, 100);
  private readonly known = new Map<string, BackendInfo>();
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.item.name = 'Unrolled tensor backend';
    this.subscription = vscode.window.onDidChangeActiveNotebookEditor(() => this.refresh());
  }

  set(notebook: vscode.NotebookDocument, info: BackendInfo): void {
    this.known.set(notebook.uri.toString(), info);
    this.refresh();
  }

  private refresh(): void {
    const notebook = vscode.window.activeNotebookEditor?.notebook;
    const info = notebook && this.known.get(notebook.uri.toString());
    if (!info) {
      this.item.hide();
      return;
    }
    this.item.text = `$(circuit-board) ${info.name}`;
    const skipped = info.skipped.length ? `\n\nSkipped:\n${info.skipped.map((s) => `- ${s}`).join('\n')}` : '';
    this.item.tooltip = new vscode.MarkdownString(`Unrolled kernel tensor backend: **${info.name}**${skipped}`);
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
