/**
 * The `.seqnb` serializer as VS Code drives it: reading a file into a notebook document, writing
 * it back on save, and refusing a malformed file. The fixture (test/vscode/fixtures/saved-outputs.seqnb)
 * is in the canonical layout the serializer writes, with LF line ends only, so an unchanged
 * notebook must save to the same bytes.
 */
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { outputText, workspaceUri } from './support';

interface FileCell {
  cell_type: 'code' | 'markdown' | 'raw';
  source: string[];
  outputs?: Array<{ output_type: string; name?: string; text?: string[]; data?: Record<string, string[]>; ename?: string; evalue?: string }>;
}

const stdoutMime = 'application/vnd.code.notebook.stdout';
const stderrMime = 'application/vnd.code.notebook.stderr';
const errorMime = 'application/vnd.code.notebook.error';

suite('serializer', () => {
  test('opening a .seqnb through the VS Code API yields an unrolled-notebook with the cells and outputs of the file', async () => {
    const uri = workspaceUri('saved-outputs.seqnb');
    const fileCells = (JSON.parse(readFileSync(uri.fsPath, 'utf8')) as { cells: FileCell[] }).cells;
    const notebook = await vscode.workspace.openNotebookDocument(uri);
    assert.equal(notebook.notebookType, 'unrolled-notebook');
    assert.equal(notebook.cellCount, fileCells.length);
    fileCells.forEach((fileCell, i) => {
      const cell = notebook.cellAt(i);
      const kind = fileCell.cell_type === 'markdown' ? vscode.NotebookCellKind.Markup : vscode.NotebookCellKind.Code;
      assert.equal(cell.kind, kind, `cell ${i + 1} kind`);
      assert.equal(cell.document.getText(), fileCell.source.join(''), `cell ${i + 1} source`);
      assert.equal(cell.outputs.length, fileCell.outputs?.length ?? 0, `cell ${i + 1} output count`);
    });
    assert.equal(notebook.cellAt(1).document.languageId, 'unrolled-typescript');
    assert.equal(outputText(notebook.cellAt(1), stdoutMime), 'step 1\nstep 2\n');
    assert.equal(outputText(notebook.cellAt(1), stderrMime), 'a warning\n');
    assert.equal(outputText(notebook.cellAt(2), 'text/html'), '<b>bold</b>');
    assert.equal(outputText(notebook.cellAt(2), 'text/plain'), 'bold42');
    const error = JSON.parse(outputText(notebook.cellAt(3), errorMime)) as { name: string; message: string };
    assert.equal(error.name, 'ReferenceError');
    assert.equal(error.message, 'undefinedName is not defined');
    assert.deepEqual(
      notebook.getCells().map((cell) => cell.executionSummary?.executionOrder),
      [undefined, 1, 2, 3, undefined],
    );
  });

  test('saving a notebook whose content is unchanged writes back the same bytes', async () => {
    const uri = workspaceUri('saved-outputs.seqnb');
    const before = readFileSync(uri.fsPath);
    const notebook = await vscode.workspace.openNotebookDocument(uri);
    // Inserting a cell and deleting it again leaves the content as it was but the document dirty,
    // so save() really runs the serializer (saving a clean document writes nothing).
    const end = notebook.cellCount;
    const insert = new vscode.WorkspaceEdit();
    insert.set(uri, [vscode.NotebookEdit.insertCells(end, [new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'const scratch = 1;', 'typescript')])]);
    assert.equal(await vscode.workspace.applyEdit(insert), true);
    const remove = new vscode.WorkspaceEdit();
    remove.set(uri, [vscode.NotebookEdit.deleteCells(new vscode.NotebookRange(end, end + 1))]);
    assert.equal(await vscode.workspace.applyEdit(remove), true);
    assert.equal(notebook.isDirty, true, 'the edits should leave the notebook dirty so that saving writes it');
    assert.equal(await notebook.save(), true);
    const after = readFileSync(uri.fsPath);
    assert.equal(after.toString('utf8'), before.toString('utf8'));
    assert.ok(after.equals(before));
  });

  test('a malformed .seqnb is rejected with the problem and its position, and the file is not overwritten', async () => {
    const malformed = '{\n "cells": [\n  { "cell_type": "code", oops }\n ]\n}\n';
    const uri = workspaceUri('malformed.seqnb');
    writeFileSync(uri.fsPath, malformed);
    await assert.rejects(async () => vscode.workspace.openNotebookDocument(uri), (error: Error) => {
      assert.match(error.message, /line 3, column \d+/);
      return true;
    });
    assert.equal(
      vscode.workspace.notebookDocuments.some((notebook) => notebook.uri.toString() === uri.toString()),
      false,
      'a notebook that could not be read must not be open',
    );
    assert.equal(readFileSync(uri.fsPath, 'utf8'), malformed);
  });
});
