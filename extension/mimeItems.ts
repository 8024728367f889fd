/**
 * Kernel MIME bundles as VS Code output items, in the order and encoding the serializer's
 * mapping uses (kernel/notebook/vscodeShape.ts), so a saved output reads back unchanged.
 */
import * as vscode from 'vscode';
import type { MimeBundle } from '../kernel/protocol/messages';
import { bundleToItems as bundleToShapeItems } from '../kernel/notebook/vscodeShape';

export function bundleToItems(bundle: MimeBundle): vscode.NotebookCellOutputItem[] {
  return bundleToShapeItems(bundle).map(({ mime, data }) => new vscode.NotebookCellOutputItem(data, mime));
}
