/**
 * TypeScript's answers (completion entries, quick info, signature help) as VS Code's objects,
 * the way VS Code's own TypeScript support shows them for a `.ts` file.
 */
import type ts from 'typescript';
import * as vscode from 'vscode';
import type { HoverInfo } from '../kernel/typecheck/notebookTypes';

/** A completion item that remembers where it was asked, so `resolveCompletionItem` can fetch its docs. */
export interface CellCompletionItem extends vscode.CompletionItem {
  origin: { notebook: vscode.NotebookDocument; cellIndex: number; offset: number; entry: ts.CompletionEntry };
}

const kinds: Record<string, vscode.CompletionItemKind> = {
  keyword: vscode.CompletionItemKind.Keyword,
  'script': vscode.CompletionItemKind.File,
  module: vscode.CompletionItemKind.Module,
  class: vscode.CompletionItemKind.Class,
  'local class': vscode.CompletionItemKind.Class,
  interface: vscode.CompletionItemKind.Interface,
  type: vscode.CompletionItemKind.TypeParameter,
  enum: vscode.CompletionItemKind.Enum,
  'enum member': vscode.CompletionItemKind.EnumMember,
  var: vscode.CompletionItemKind.Variable,
  'local var': vscode.CompletionItemKind.Variable,
  let: vscode.CompletionItemKind.Variable,
  const: vscode.CompletionItemKind.Constant,
  parameter: vscode.CompletionItemKind.Variable,
  function: vscode.CompletionItemKind.Function,
  'local function': vscode.CompletionItemKind.Function,
  method: vscode.CompletionItemKind.Method,
  getter: vscode.CompletionItemKind.Property,
  setter: vscode.CompletionItemKind.Property,
  property: vscode.CompletionItemKind.Property,
  constructor: vscode.CompletionItemKind.Constructor,
  alias: vscode.CompletionItemKind.Variable,
  string: vscode.CompletionItemKind.Constant,
  directory: vscode.CompletionItemKind.Folder,
};

export function toCompletionItem(entry: ts.CompletionEntry, document: vscode.TextDocument, position: vscode.Position, at: Omit<CellCompletionItem['origin'], 'entry'>): CellCompletionItem {
  const item = new vscode.CompletionItem(entry.name, kinds[entry.kind] ?? vscode.CompletionItemKind.Property) as CellCompletionItem;
  item.sortText = entry.sortText;
  item.filterText = entry.filterText;
  if (entry.insertText) item.insertText = entry.insertText;
  if (entry.replacementSpan) {
    item.range = new vscode.Range(document.positionAt(entry.replacementSpan.start), document.positionAt(entry.replacementSpan.start + entry.replacementSpan.length));
  } else {
    const word = document.getWordRangeAtPosition(position);
    if (word) item.range = new vscode.Range(word.start, position);
  }
  if (entry.kindModifiers?.includes('deprecated')) item.tags = [vscode.CompletionItemTag.Deprecated];
  item.origin = { ...at, entry };
  return item;
}

export function toHover(info: HoverInfo, document: vscode.TextDocument): vscode.Hover {
  const contents = new vscode.MarkdownString();
  contents.appendCodeblock(info.signature, 'typescript');
  if (info.documentation) contents.appendMarkdown(`\n${info.documentation}`);
  return new vscode.Hover(contents, new vscode.Range(document.positionAt(info.start), document.positionAt(info.start + info.length)));
}

const text = (parts: ts.SymbolDisplayPart[] | undefined) => (parts ?? []).map((p) => p.text).join('');

export function toSignatureHelp(items: ts.SignatureHelpItems): vscode.SignatureHelp {
  const help = new vscode.SignatureHelp();
  help.signatures = items.items.map((item) => {
    const parameters = item.parameters.map((p) => new vscode.ParameterInformation(text(p.displayParts), new vscode.MarkdownString(text(p.documentation))));
    const label = text(item.prefixDisplayParts) + parameters.map((p) => p.label).join(text(item.separatorDisplayParts)) + text(item.suffixDisplayParts);
    const signature = new vscode.SignatureInformation(label, new vscode.MarkdownString(text(item.documentation)));
    signature.parameters = parameters;
    return signature;
  });
  help.activeSignature = items.selectedItemIndex;
  help.activeParameter = items.argumentIndex;
  return help;
}
