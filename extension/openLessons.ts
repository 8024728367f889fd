/**
 * "Unrolled: Open Lessons": copies the lessons bundled with the extension into a folder the user
 * picks and opens the first lesson. Files already there are never overwritten, so a learner's
 * edited lessons survive running the command again.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';

async function copyMissing(from: vscode.Uri, to: vscode.Uri): Promise<number> {
  await vscode.workspace.fs.createDirectory(to);
  let copied = 0;
  for (const [name, type] of await vscode.workspace.fs.readDirectory(from)) {
    const source = vscode.Uri.joinPath(from, name);
    const target = vscode.Uri.joinPath(to, name);
    if (type === vscode.FileType.Directory) {
      copied += await copyMissing(source, target);
      continue;
    }
    const exists = await vscode.workspace.fs.stat(target).then(() => true, () => false);
    if (!exists) {
      await vscode.workspace.fs.copy(source, target);
      copied++;
    }
  }
  return copied;
}

export async function openLessons(context: vscode.ExtensionContext, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const folder =
    target ??
    (
      await vscode.window.showOpenDialog({
        canSelectFolders: true,
        canSelectFiles: false,
        canSelectMany: false,
        openLabel: 'Copy lessons here',
        title: 'Choose a folder for the Unrolled lessons',
        defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
      })
    )?.[0];
  if (!folder) return undefined;
  const lessons = vscode.Uri.joinPath(folder, 'unrolled-lessons');
  const copied = await copyMissing(vscode.Uri.joinPath(context.extensionUri, 'lessons'), lessons);
  const first = (await vscode.workspace.fs.readDirectory(lessons))
    .map(([name]) => name)
    .filter((name) => name.endsWith('.seqnb'))
    .sort()[0];
  if (!first) throw new Error(`no .seqnb lesson found in ${lessons.fsPath} after copying`);
  const notebook = await vscode.workspace.openNotebookDocument(vscode.Uri.joinPath(lessons, first));
  await vscode.window.showNotebookDocument(notebook);
  vscode.window.showInformationMessage(`Unrolled: ${copied} lesson file(s) copied to ${path.join(folder.fsPath, 'unrolled-lessons')}; existing files were kept.`);
  return lessons;
}
