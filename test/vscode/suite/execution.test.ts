/**
 * Cells run through the extension's notebook controller, selected the way a user's kernel pick
 * selects it, in the kernel process the extension starts. Cells run once in suiteSetup, in order;
 * each test reads one behaviour off the outputs VS Code now holds.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { executionsFinished, extensionId, outputText, writeCodeNotebook } from './support';

const stdoutMime = 'application/vnd.code.notebook.stdout';
const errorMime = 'application/vnd.code.notebook.error';

const sources = [
  'const greeting = "hello";\nconsole.log(`${greeting} from cell 1`);',
  'let total = 0;\nfor (let i = 1; i <= 4; i++) total += i;\ntotal',
  'console.log(`${greeting}, twice the total is ${total * 2}`);',
  'import { tf } from "unrolled";\ntf.tidy(() => tf.tensor1d([1, 2, 3]).sum().arraySync())',
  'throw new Error("deliberate failure in cell 5");',
];

suite('execution through the controller', function () {
  // The first run starts the kernel process and loads the library.
  this.timeout(120_000);
  let notebook: vscode.NotebookDocument;

  suiteSetup(async () => {
    notebook = await vscode.workspace.openNotebookDocument(writeCodeNotebook('run.seqnb', sources));
    await vscode.window.showNotebookDocument(notebook);
    await vscode.commands.executeCommand('notebook.selectKernel', { id: 'unrolled-kernel', extension: extensionId() });
    const cells = notebook.getCells();
    const finished = executionsFinished(cells, 100_000);
    await vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start: 0, end: cells.length }], document: notebook.uri });
    await finished;
  });

  // The run left the notebook dirty (outputs); reverting keeps VS Code from backing it up or
  // asking to save it while the test instance shuts down.
  suiteTeardown(async () => {
    await vscode.window.showNotebookDocument(notebook);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('console output of a cell appears as its stdout output', () => {
    assert.equal(outputText(notebook.cellAt(0), stdoutMime), 'hello from cell 1\n');
    assert.equal(notebook.cellAt(0).executionSummary?.success, true);
  });

  test('the value of a cell’s last expression is its text/plain result', () => {
    assert.equal(outputText(notebook.cellAt(1), 'text/plain'), '10');
  });

  test('variables declared in earlier cells persist into later cells', () => {
    assert.equal(outputText(notebook.cellAt(2), stdoutMime), 'hello, twice the total is 20\n');
  });

  test('a cell can import the unrolled library and compute with tensors', () => {
    assert.equal(outputText(notebook.cellAt(3), 'text/plain'), '6');
  });

  test('execution order counts the cells run in this kernel', () => {
    assert.deepEqual(
      notebook.getCells().map((cell) => cell.executionSummary?.executionOrder),
      [1, 2, 3, 4, 5],
    );
  });

  test('a cell that throws is marked failed and shows an error output with the thrown message', () => {
    const cell = notebook.cellAt(4);
    assert.equal(cell.executionSummary?.success, false);
    const error = JSON.parse(outputText(cell, errorMime)) as { name: string; message: string };
    assert.equal(error.name, 'Error');
    assert.equal(error.message, 'deliberate failure in cell 5');
  });
});
