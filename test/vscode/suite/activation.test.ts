/**
 * The extension as VS Code loads it from the development folder: opening a lesson notebook
 * activates it (activation event `onNotebook:unrolled-notebook`), and activation registers the
 * commands the manifest contributes.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionId, workspaceUri } from './support';

suite('activation', () => {
  test('opening a .seqnb notebook activates the extension without errors', async () => {
    const extension = vscode.extensions.getExtension(extensionId());
    assert.ok(extension, `VS Code does not know an extension with id ${extensionId()}`);
    await vscode.workspace.openNotebookDocument(workspaceUri('saved-outputs.seqnb'));
    // activate() resolves at once when the notebook already activated it, and rejects with the
    // error activate() threw otherwise.
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  test('activation registers the restart, interrupt and open-lessons commands', async () => {
    const commands = new Set(await vscode.commands.getCommands(true));
    for (const command of ['unrolled.restartKernel', 'unrolled.interruptKernel', 'unrolled.openLessons']) {
      assert.ok(commands.has(command), `command ${command} is not registered`);
    }
  });
});
