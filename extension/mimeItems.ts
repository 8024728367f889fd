/**
 * Turns a kernel MIME bundle into VS Code output items. Order matters: VS Code shows the first
 * item it has a renderer for unless the user picks another, so rich types come before their
 * static fallbacks and plain text comes last.
 */
import * as vscode from 'vscode';
import type { MimeBundle } from '../kernel/protocol/messages';

const preference = (mime: string): number => {
  if (mime.startsWith('application/vnd.unrolled.')) return 0;
  if (mime === 'text/html') return 1;
  if (mime === 'image/svg+xml') return 2;
  if (mime === 'image/png' || mime === 'image/jpeg') return 3;
  if (mime === 'text/markdown') return 4;
  if (mime === 'application/json') return 5;
  if (mime === 'text/plain') return 7;
  return 6;
};

function isJsonMime(mime: string): boolean {
  return mime === 'application/json' || mime.endsWith('+json');
}

export function bundleToItems(bundle: MimeBundle): vscode.NotebookCellOutputItem[] {
  return Object.keys(bundle)
    .sort((a, b) => preference(a) - preference(b))
    .map((mime) => {
      const value = bundle[mime];
      if (isJsonMime(mime)) return vscode.NotebookCellOutputItem.json(value, mime);
      if (mime === 'image/png' || mime === 'image/jpeg') {
        return new vscode.NotebookCellOutputItem(Buffer.from(String(value), 'base64'), mime);
      }
      return vscode.NotebookCellOutputItem.text(typeof value === 'string' ? value : JSON.stringify(value), mime);
    });
}
