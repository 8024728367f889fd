/**
 * One TypeScript language service over a notebook's code cells (`CellProgram`), answering in
 * cell positions: diagnostics, completions, hover, signature help and definitions. Used by the
 * extension's providers and by `unrolled check`; it imports nothing of `vscode`.
 */
import ts from 'typescript';
import { CellProgram, type NotebookCellText, type ProgramCell } from './cellProgram';
import { ProgramHost } from './programHost';
import { typesFolder } from './typesFolder';

export interface CellDiagnostic {
  /** 0-based index among all cells of the notebook. */
  cellIndex: number;
  /** Offset and length in the cell's text. */
  start: number;
  length: number;
  /** 1-based line and column in the cell. */
  line: number;
  column: number;
  code: number;
  message: string;
  severity: 'error' | 'warning' | 'suggestion';
  /** A name declared and never read, or something deprecated: the editor fades or strikes it. */
  unnecessary: boolean;
  deprecated: boolean;
}

/** A place a definition points to: a cell, or a declaration file on disk (0-based lines and characters). */
export type DefinitionTarget =
  | { kind: 'cell'; cellIndex: number; start: number; length: number }
  | { kind: 'file'; fileName: string; start: { line: number; character: number }; end: { line: number; character: number } };

export interface HoverInfo {
  /** The signature line, e.g. `class LSTM`. */
  signature: string;
  /** The JSDoc text and its tags, as markdown. */
  documentation: string;
  start: number;
  length: number;
}

/** Shared by every notebook of the process: the declaration files (~800, tfjs and Node) are parsed once. */
const documents = ts.createDocumentRegistry();
let notebooks = 0;

/** TS2632 "Cannot assign to 'x' because it is an import": how a later cell assigning an earlier cell's name reads to the checker. */
const assignToImport = 2632;

export class NotebookTypes {
  private program: CellProgram;
  private readonly host: ProgramHost;
  /** Prefix of this notebook's cell files, unique in the process. */
  private readonly tag = `__nb${++notebooks}`;
  readonly service: ts.LanguageService;

  constructor(
    private readonly folder: string,
    typesRoot: string,
    cells: readonly NotebookCellText[] = [],
  ) {
    this.program = new CellProgram(folder, cells, this.tag);
    this.host = new ProgramHost(folder, typesFolder(typesRoot), this.program);
    this.service = ts.createLanguageService(this.host, documents);
  }

  /** The notebook's cells, all of them in notebook order; call after every edit, move or deletion. */
  setCells(cells: readonly NotebookCellText[]): void {
    this.program = new CellProgram(this.folder, cells, this.tag);
    this.host.setProgram(this.program);
  }

  /** Indexes of the cells in the program (the code cells). */
  codeCells(): number[] {
    return this.program.cells.map((c) => c.cellIndex);
  }

  /** Errors and suggestions of one cell, at its own positions. */
  diagnostics(cellIndex: number, options: { suggestions?: boolean } = {}): CellDiagnostic[] {
    const cell = this.program.cell(cellIndex);
    if (!cell) return [];
    const found = [...this.service.getSyntacticDiagnostics(cell.fileName), ...this.service.getSemanticDiagnostics(cell.fileName)];
    if (options.suggestions) found.push(...this.service.getSuggestionDiagnostics(cell.fileName).filter((d) => d.reportsUnnecessary || d.reportsDeprecated));
    return found.flatMap((d) => this.toCellDiagnostic(cell, d));
  }

  /** Every cell's errors (no suggestions), in notebook order. */
  allDiagnostics(): CellDiagnostic[] {
    return this.program.cells.flatMap((cell) => this.diagnostics(cell.cellIndex));
  }

  private toCellDiagnostic(cell: ProgramCell, d: ts.Diagnostic): CellDiagnostic[] {
    let message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    const position = this.program.toCell(cell.fileName, d.start ?? cell.start);
    if (!position) return [];
    const start = position.offset;
    const length = Math.max(0, Math.min(d.length ?? 0, cell.length - start));
    if (d.code === assignToImport) {
      const name = cell.text.slice(cell.start + start, cell.start + start + length);
      const imported = cell.imports.get(name);
      // The kernel keeps `let` and `var` assignable from any later cell; a `const`, function or class is not reassigned in a .ts file either.
      if (imported && (imported.kind === 'let' || imported.kind === 'var')) return [];
      if (imported) message = `Cannot assign to '${name}' because it is a ${imported.kind === 'import' ? 'name imported' : imported.kind} in cell ${imported.fromCell + 1}.`;
    }
    const { line, column } = lineAndColumn(cell, start);
    const severity = d.category === ts.DiagnosticCategory.Error ? 'error' : d.category === ts.DiagnosticCategory.Warning ? 'warning' : 'suggestion';
    return [{ cellIndex: cell.cellIndex, start, length, line, column, code: d.code, message, severity, unnecessary: d.reportsUnnecessary !== undefined, deprecated: d.reportsDeprecated !== undefined }];
  }

  completions(cellIndex: number, offset: number, triggerCharacter?: ts.CompletionsTriggerCharacter): ts.CompletionInfo | undefined {
    const at = this.program.toProgram(cellIndex, offset);
    if (!at) return undefined;
    const info = this.service.getCompletionsAtPosition(at.fileName, at.position, {
      triggerCharacter,
      // An auto-import would be written into the cell's hidden prelude; names of earlier cells are in scope anyway.
      includeCompletionsForModuleExports: false,
      includeCompletionsWithInsertText: true,
      includeCompletionsWithSnippetText: false,
    });
    if (!info) return undefined;
    const cell = this.program.cell(cellIndex)!;
    const shift = (span: ts.TextSpan | undefined) => (span ? { start: span.start - cell.start, length: span.length } : undefined);
    return { ...info, optionalReplacementSpan: shift(info.optionalReplacementSpan), entries: info.entries.map((e) => ({ ...e, replacementSpan: shift(e.replacementSpan) })) };
  }

  completionDetails(cellIndex: number, offset: number, name: string, source?: string, data?: ts.CompletionEntryData): ts.CompletionEntryDetails | undefined {
    const at = this.program.toProgram(cellIndex, offset);
    if (!at) return undefined;
    return this.service.getCompletionEntryDetails(at.fileName, at.position, name, {}, source, {}, data);
  }

  hover(cellIndex: number, offset: number): HoverInfo | undefined {
    const at = this.program.toProgram(cellIndex, offset);
    const info = at && this.service.getQuickInfoAtPosition(at.fileName, at.position);
    if (!at || !info) return undefined;
    const cell = this.program.cell(cellIndex)!;
    let signature = ts.displayPartsToString(info.displayParts);
    // A name from an earlier cell reaches this one through the prelude's import: show it as declared there.
    const name = cell.text.slice(info.textSpan.start, info.textSpan.start + info.textSpan.length);
    if (info.kind === ts.ScriptElementKind.alias && cell.imports.has(name)) {
      signature = signature.replace(/^\(alias\) /, '').replace(/\nimport .*$/s, '');
      signature += `  // from cell ${cell.imports.get(name)!.fromCell + 1}`;
    }
    const documentation = [ts.displayPartsToString(info.documentation), ...(info.tags ?? []).map(formatTag)].filter((s) => s !== '').join('\n\n');
    return { signature, documentation, start: info.textSpan.start - cell.start, length: info.textSpan.length };
  }

  signatureHelp(cellIndex: number, offset: number, triggerCharacter?: ts.SignatureHelpTriggerCharacter): ts.SignatureHelpItems | undefined {
    const at = this.program.toProgram(cellIndex, offset);
    if (!at) return undefined;
    const reason: ts.SignatureHelpTriggerReason = triggerCharacter ? { kind: 'characterTyped', triggerCharacter } : { kind: 'invoked' };
    return this.service.getSignatureHelpItems(at.fileName, at.position, { triggerReason: reason });
  }

  definitions(cellIndex: number, offset: number): DefinitionTarget[] {
    const at = this.program.toProgram(cellIndex, offset);
    const found = at ? (this.service.getDefinitionAtPosition(at.fileName, at.position) ?? []) : [];
    return found.flatMap((d): DefinitionTarget[] => {
      const inCell = this.program.toCell(d.fileName, d.textSpan.start);
      if (this.program.fileCell(d.fileName)) return inCell ? [{ kind: 'cell', cellIndex: inCell.cellIndex, start: inCell.offset, length: d.textSpan.length }] : [];
      const file = this.service.getProgram()?.getSourceFile(d.fileName);
      if (!file) return [];
      const start = file.getLineAndCharacterOfPosition(d.textSpan.start);
      const end = file.getLineAndCharacterOfPosition(d.textSpan.start + d.textSpan.length);
      return [{ kind: 'file', fileName: d.fileName, start, end }];
    });
  }

  dispose(): void {
    this.service.dispose();
  }
}

/** 1-based line and column of a cell offset. */
function lineAndColumn(cell: ProgramCell, offset: number): { line: number; column: number } {
  const before = cell.text.slice(cell.start, cell.start + offset);
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

function formatTag(tag: ts.JSDocTagInfo): string {
  const text = ts.displayPartsToString(tag.text);
  return `*@${tag.name}*${text ? ` — ${text}` : ''}`;
}
