/**
 * Extension entry point: registers the `.seqnb` serializer, the kernel controller, the backend
 * status bar item, the cells' TypeScript features and the commands. Cells never run in the extension host itself.
 */
import * as vscode from 'vscode';
import { BackendStatus } from './backendStatus';
import { CellTypes } from './cellTypes';
import { KernelController, notebookType } from './kernelController';
import { openLessons } from './openLessons';
import { SeqnbSerializer } from './serializer';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Unrolled', { log: true });
  const status = new BackendStatus();
  const controller = new KernelController(context.asAbsolutePath('dist/kernel/kernel.js'), log, (notebook, info) => status.set(notebook, info));
  const activeNotebook = () => vscode.window.activeNotebookEditor?.notebook;

  context.subscriptions.push(
    log,
    status,
    controller,
    new CellTypes(context.asAbsolutePath('dist/types'), log),
    vscode.workspace.registerNotebookSerializer(notebookType, new SeqnbSerializer(), { transientOutputs: false }),
    vscode.workspace.onDidOpenNotebookDocument((notebook) => controller.preferFor(notebook)),
    vscode.commands.registerCommand('unrolled.restartKernel', async () => {
      const notebook = activeNotebook();
      if (!notebook || notebook.notebookType !== notebookType) {
        void vscode.window.showWarningMessage('Unrolled: open a lesson notebook (.seqnb) to restart its kernel.');
        return;
      }
      await controller.restart(notebook);
      vscode.window.showInformationMessage('Unrolled: kernel restarted; all variables were cleared.');
    }),
    vscode.commands.registerCommand('unrolled.openLessons', (target?: vscode.Uri) => openLessons(context, target)),
    vscode.commands.registerCommand('unrolled.interruptKernel', async () => {
      const notebook = activeNotebook();
      if (notebook) await controller.interrupt(notebook);
    }),
  );
  for (const notebook of vscode.workspace.notebookDocuments) controller.preferFor(notebook);
}

export function deactivate(): void {}
