/**
 * TypeScript features for code cells: one `NotebookTypes` (one language service over the cells
 * as one program, kernel/typecheck) per open notebook, and the providers and diagnostics that
 * answer through it in each cell's own positions.
 *
 * Diagnostics are recomputed a moment after the last edit, current cell first, one cell per
 * event-loop turn, and a newer edit abandons an older pass: the extension host (which also carries
 * the kernel's outputs to the cells) never blocks for long.
 */
import * as vscode from 'vscode';
import { cellLanguages, defaultLanguage } from '../kernel/notebook/vscodeShape';
import type { NotebookCellText } from '../kernel/typecheck/cellProgram';
import { NotebookTypes } from '../kernel/typecheck/notebookTypes';
import { notebookType } from './serializer';
import { toCompletionItem, toHover, toSignatureHelp, type CellCompletionItem } from './tsToVscode';

const diagnosticsDelayMs = 250;

interface CellAt {
  notebook: vscode.NotebookDocument;
  index: number;
  types: NotebookTypes;
}

export class CellTypes implements vscode.Disposable {
  private readonly services = new Map<vscode.NotebookDocument, NotebookTypes>();
  private readonly passes = new Map<vscode.NotebookDocument, { timer?: NodeJS.Timeout; generation: number }>();
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('unrolled-typescript');
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly typesRoot: string,
    private readonly log: vscode.LogOutputChannel,
  ) {
    const selector: vscode.DocumentSelector = { language: defaultLanguage, notebookType };
    this.disposables.push(
      this.diagnostics,
      vscode.workspace.onDidOpenNotebookDocument((notebook) => this.schedule(notebook, 0)),
      vscode.workspace.onDidChangeNotebookDocument((event) => this.schedule(event.notebook, diagnosticsDelayMs)),
      vscode.workspace.onDidCloseNotebookDocument((notebook) => this.forget(notebook)),
      vscode.languages.registerCompletionItemProvider(selector, { provideCompletionItems: (d, p, _t, c) => this.complete(d, p, c), resolveCompletionItem: (item) => this.resolve(item as CellCompletionItem) }, '.', '"', "'", '/', '@', '<'),
      vscode.languages.registerHoverProvider(selector, { provideHover: (d, p) => this.hover(d, p) }),
      vscode.languages.registerSignatureHelpProvider(selector, { provideSignatureHelp: (d, p, _t, c) => this.signature(d, p, c) }, { triggerCharacters: ['(', ',', '<'], retriggerCharacters: [')'] }),
      vscode.languages.registerDefinitionProvider(selector, { provideDefinition: (d, p) => this.definition(d, p) }),
    );
    for (const notebook of vscode.workspace.notebookDocuments) this.schedule(notebook, 0);
  }

  /** The language service of the cell's notebook, with every cell's current text. */
  private cellAt(document: vscode.TextDocument): CellAt | undefined {
    for (const notebook of vscode.workspace.notebookDocuments) {
      if (notebook.notebookType !== notebookType) continue;
      const cell = notebook.getCells().find((c) => c.document === document);
      if (cell) return { notebook, index: cell.index, types: this.typesOf(notebook) };
    }
    return undefined;
  }

  private typesOf(notebook: vscode.NotebookDocument): NotebookTypes {
    const cells = notebook.getCells().map(cellText);
    let types = this.services.get(notebook);
    if (!types) {
      const folder = notebook.uri.scheme === 'file' ? vscode.Uri.joinPath(notebook.uri, '..').fsPath : (vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd());
      types = new NotebookTypes(folder, this.typesRoot, cells);
      this.services.set(notebook, types);
    } else types.setCells(cells);
    return types;
  }

  private complete(document: vscode.TextDocument, position: vscode.Position, context: vscode.CompletionContext): vscode.CompletionList | undefined {
    const at = this.cellAt(document);
    if (!at) return undefined;
    const offset = document.offsetAt(position);
    const trigger = context.triggerCharacter as Parameters<NotebookTypes['completions']>[2];
    const info = at.types.completions(at.index, offset, trigger);
    if (!info) return undefined;
    const items = info.entries.map((entry) => toCompletionItem(entry, document, position, { notebook: at.notebook, cellIndex: at.index, offset }));
    return new vscode.CompletionList(items, info.isIncomplete === true);
  }

  private resolve(item: CellCompletionItem): CellCompletionItem {
    const { notebook, cellIndex, offset, entry } = item.origin;
    const details = this.typesOf(notebook).completionDetails(cellIndex, offset, entry.name, entry.source, entry.data);
    if (details) {
      item.detail = details.displayParts.map((p) => p.text).join('');
      const docs = [details.documentation?.map((p) => p.text).join('') ?? '', ...(details.tags ?? []).map((t) => `*@${t.name}* ${t.text?.map((p) => p.text).join('') ?? ''}`)];
      item.documentation = new vscode.MarkdownString(docs.filter((s) => s !== '').join('\n\n'));
    }
    return item;
  }

  private hover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const at = this.cellAt(document);
    const info = at?.types.hover(at.index, document.offsetAt(position));
    return info && toHover(info, document);
  }

  private signature(document: vscode.TextDocument, position: vscode.Position, context: vscode.SignatureHelpContext): vscode.SignatureHelp | undefined {
    const at = this.cellAt(document);
    const trigger = context.triggerCharacter as Parameters<NotebookTypes['signatureHelp']>[2];
    const items = at?.types.signatureHelp(at.index, document.offsetAt(position), trigger);
    return items && toSignatureHelp(items);
  }

  private definition(document: vscode.TextDocument, position: vscode.Position): vscode.Location[] {
    const at = this.cellAt(document);
    if (!at) return [];
    return at.types.definitions(at.index, document.offsetAt(position)).flatMap((target) => {
      if (target.kind === 'file') return [new vscode.Location(vscode.Uri.file(target.fileName), new vscode.Range(target.start.line, target.start.character, target.end.line, target.end.character))];
      const cell = at.notebook.cellAt(target.cellIndex).document;
      return [new vscode.Location(cell.uri, new vscode.Range(cell.positionAt(target.start), cell.positionAt(target.start + target.length)))];
    });
  }

  private schedule(notebook: vscode.NotebookDocument, delayMs: number): void {
    if (notebook.notebookType !== notebookType) return;
    const pass = this.passes.get(notebook) ?? { generation: 0 };
    clearTimeout(pass.timer);
    pass.generation += 1;
    const generation = pass.generation;
    pass.timer = setTimeout(() => void this.publish(notebook, generation), delayMs);
    this.passes.set(notebook, pass);
  }

  /** Every code cell's diagnostics, the active cell first, yielding between cells; stops when a newer pass started. */
  private async publish(notebook: vscode.NotebookDocument, generation: number): Promise<void> {
    const types = this.typesOf(notebook);
    const editor = vscode.window.activeNotebookEditor;
    // An editor without a selected cell has no `selection` (seen in VS Code 1.100).
    const active = editor?.notebook === notebook ? (editor.selections?.[0]?.start ?? 0) : 0;
    const order = types.codeCells().sort((a, b) => Number(b === active) - Number(a === active));
    const started = Date.now();
    const counts = { error: 0, warning: 0 };
    for (const index of order) {
      if (this.passes.get(notebook)?.generation !== generation || notebook.isClosed) return;
      const cell = notebook.cellAt(index).document;
      const found = types.diagnostics(index, { suggestions: true }).map((d) => {
        const range = new vscode.Range(cell.positionAt(d.start), cell.positionAt(d.start + d.length));
        const severity = d.severity === 'error' ? vscode.DiagnosticSeverity.Error : d.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Hint;
        const diagnostic = new vscode.Diagnostic(range, d.message, severity);
        diagnostic.source = 'ts';
        diagnostic.code = d.code;
        diagnostic.tags = [...(d.unnecessary ? [vscode.DiagnosticTag.Unnecessary] : []), ...(d.deprecated ? [vscode.DiagnosticTag.Deprecated] : [])];
        return diagnostic;
      });
      for (const d of found) {
        if (d.severity === vscode.DiagnosticSeverity.Error) counts.error += 1;
        else if (d.severity === vscode.DiagnosticSeverity.Warning) counts.warning += 1;
      }
      this.diagnostics.set(cell.uri, found);
      await new Promise((resolve) => setImmediate(resolve));
    }
    // Cells that are no longer code (or were deleted) keep no stale squiggles.
    const code = new Set(order.map((i) => notebook.cellAt(i).document.uri.toString()));
    this.diagnostics.forEach((uri) => {
      if (uri.scheme === 'vscode-notebook-cell' && uri.path === notebook.uri.path && !code.has(uri.toString())) this.diagnostics.delete(uri);
    });
    // One line per finished pass: what Problems now shows for the notebook, and what it cost.
    this.log.info(`checked ${vscode.workspace.asRelativePath(notebook.uri)}: ${order.length} code cells, ${counts.error} errors, ${counts.warning} warnings in ${Date.now() - started} ms`);
  }

  private forget(notebook: vscode.NotebookDocument): void {
    this.services.get(notebook)?.dispose();
    this.services.delete(notebook);
    clearTimeout(this.passes.get(notebook)?.timer);
    this.passes.delete(notebook);
    for (const cell of notebook.getCells()) this.diagnostics.delete(cell.document.uri);
  }

  dispose(): void {
    for (const notebook of [...this.services.keys()]) this.forget(notebook);
    for (const d of this.disposables) d.dispose();
  }
}

function cellText(cell: vscode.NotebookCell): NotebookCellText {
  const code = cell.kind === vscode.NotebookCellKind.Code && cellLanguages.includes(cell.document.languageId);
  return { kind: code ? 'code' : cell.kind === vscode.NotebookCellKind.Markup ? 'markdown' : 'raw', text: cell.document.getText() };
}
