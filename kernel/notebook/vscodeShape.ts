/**
 * nbformat ↔ a plain mirror of `vscode.NotebookData` (no `vscode` import, so it is testable in
 * plain Node and the serializer stays a thin adapter).
 *
 * Lossless both ways for what VS Code hands back unchanged: whatever VS Code has no field for
 * (cell ids, attachments, cell and notebook metadata, output metadata, execution counts of
 * results) travels in the `metadata` objects, and an output whose items cannot reproduce it
 * exactly (a traceback line containing a newline, base64 split over lines) carries its original
 * nbformat form, used again only if the output's items are still the ones made from it.
 *
 * Output items follow VS Code's Jupyter support: streams as `application/vnd.code.notebook.stdout`
 * / `.stderr` text, errors as `application/vnd.code.notebook.error` JSON `{name, message, stack}`,
 * JSON MIME types as JSON text, binary images (base64 in nbformat) as bytes, other types as UTF-8 text.
 */
import { randomUUID } from 'node:crypto';
import type { MimeBundle } from '../protocol/messages';
import { canonicalJson, type JsonObject } from './canonicalJson';
import { isJsonMime } from './multiline';
import { currentMinor, typescriptNotebookMetadata, type Cell, type Notebook, type Output } from './nbformat';

/** The numbers of `vscode.NotebookCellKind`. */
export const CellKind = { Markup: 1, Code: 2 } as const;
export type CellKind = (typeof CellKind)[keyof typeof CellKind];

export const streamMimes = { stdout: 'application/vnd.code.notebook.stdout', stderr: 'application/vnd.code.notebook.stderr' } as const;
export const errorMime = 'application/vnd.code.notebook.error';

export interface ShapeOutputItem {
  mime: string;
  data: Uint8Array;
}

export interface ShapeOutput {
  items: ShapeOutputItem[];
  metadata?: Record<string, unknown>;
}

export interface ShapeCell {
  kind: CellKind;
  value: string;
  languageId: string;
  outputs?: ShapeOutput[];
  metadata?: Record<string, unknown>;
  executionSummary?: { executionOrder?: number };
}

export interface NotebookShape {
  cells: ShapeCell[];
  metadata?: Record<string, unknown>;
}

/**
 * What a code cell's language is when its metadata does not say otherwise: TypeScript, under the
 * extension's own language id, so that VS Code's TypeScript service does not check each cell as
 * a file of its own (README, Architecture). `typescript` (a cell set to it in the language picker)
 * means the same language and is saved the same way.
 */
export const defaultLanguage = 'unrolled-typescript';
export const cellLanguages: readonly string[] = [defaultLanguage, 'typescript'];

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function notebookToShape(notebook: Notebook): NotebookShape {
  const { cells, ...rest } = notebook;
  return { cells: cells.map(cellToShape), metadata: { ...rest } };
}

export function shapeToNotebook(shape: NotebookShape): Notebook {
  const stash = shape.metadata ?? {};
  const minor = Number.isInteger(stash.nbformat_minor) ? (stash.nbformat_minor as number) : currentMinor;
  const metadata = isObject(stash.metadata) ? (stash.metadata as JsonObject) : typescriptNotebookMetadata();
  const usedIds = new Set<string>();
  const cells = shape.cells.map((cell) => {
    const converted = shapeToCell(cell);
    // nbformat 4.5 wants unique ids; VS Code copies a cell's metadata, id included, on copy/paste.
    if (minor >= 5 && (converted.id === undefined || usedIds.has(converted.id))) converted.id = randomUUID().slice(0, 8);
    if (converted.id !== undefined) usedIds.add(converted.id);
    return converted;
  });
  return { ...stash, nbformat: 4, nbformat_minor: minor, metadata, cells };
}

function cellToShape(cell: Cell): ShapeCell {
  if (cell.cell_type === 'markdown' || cell.cell_type === 'raw') {
    const { cell_type, source, ...rest } = cell;
    const languageId = cell_type === 'raw' ? 'raw' : 'markdown';
    return { kind: cell_type === 'raw' ? CellKind.Code : CellKind.Markup, value: source, languageId, metadata: { ...rest } };
  }
  const { cell_type, source, outputs, execution_count, ...rest } = cell;
  const languageId = stashedLanguage(cell.metadata) ?? defaultLanguage;
  const shape: ShapeCell = { kind: CellKind.Code, value: source, languageId, metadata: { ...rest }, outputs: outputs.map(outputToShape) };
  if (execution_count !== null) shape.executionSummary = { executionOrder: execution_count };
  return shape;
}

function shapeToCell(cell: ShapeCell): Cell {
  const stash = { ...(cell.metadata ?? {}) };
  const metadata = isObject(stash.metadata) ? ({ ...stash.metadata } as JsonObject) : {};
  if (cell.kind === CellKind.Markup) return { ...stash, cell_type: 'markdown', metadata, source: cell.value };
  if (cell.languageId === 'raw') return { ...stash, cell_type: 'raw', metadata, source: cell.value };
  delete stash.attachments;
  const executionCount = cell.executionSummary?.executionOrder ?? null;
  const outputs = (cell.outputs ?? []).flatMap((output) => shapeToOutputs(output, executionCount));
  return { ...stash, cell_type: 'code', metadata: withLanguage(metadata, cell.languageId), source: cell.value, execution_count: executionCount, outputs };
}

/** A code cell in another language than TypeScript keeps it in `metadata.vscode.languageId`, as VS Code's Jupyter support does. */
function stashedLanguage(metadata: JsonObject): string | undefined {
  const vscode = metadata.vscode;
  return isObject(vscode) && typeof vscode.languageId === 'string' ? vscode.languageId : undefined;
}

function withLanguage(metadata: JsonObject, languageId: string): JsonObject {
  const stashed = stashedLanguage(metadata);
  const isDefault = cellLanguages.includes(languageId);
  if (stashed === languageId || (stashed === undefined && isDefault)) return metadata;
  const { vscode, ...rest } = metadata;
  const others: JsonObject = isObject(vscode) ? { ...(vscode as JsonObject) } : {};
  delete others.languageId;
  if (!isDefault) return { ...rest, vscode: { ...others, languageId } };
  return Object.keys(others).length > 0 ? { ...rest, vscode: others } : rest;
}

/** nbformat output → VS Code output; see the module comment for when the original travels along. */
export function outputToShape(output: Output): ShapeOutput {
  const shape = plainOutputToShape(output);
  const back = shapeToOutputs(shape, null);
  if (back.length !== 1 || canonicalJson(back[0]) !== canonicalJson(output)) shape.metadata = { ...shape.metadata, originalOutput: output };
  return shape;
}

function plainOutputToShape(output: Output): ShapeOutput {
  switch (output.output_type) {
    case 'stream': {
      const mime = output.name === 'stderr' ? streamMimes.stderr : streamMimes.stdout;
      return { items: [{ mime, data: encoder.encode(output.text) }], metadata: { outputType: 'stream' } };
    }
    case 'error': {
      const error = { name: output.ename, message: output.evalue, stack: output.traceback.join('\n') };
      return { items: [{ mime: errorMime, data: encoder.encode(JSON.stringify(error)) }], metadata: { outputType: 'error' } };
    }
    case 'display_data':
      return { items: bundleToItems(output.data), metadata: { outputType: 'display_data', metadata: output.metadata } };
    case 'execute_result':
      return { items: bundleToItems(output.data), metadata: { outputType: 'execute_result', metadata: output.metadata, executionCount: output.execution_count } };
  }
}

/**
 * VS Code output → nbformat outputs (a VS Code output mixing stdout and stderr items becomes
 * several stream outputs). Outputs written live by the controller carry no `outputType`; their
 * kind follows from their items, and a display id in their metadata makes them `display_data`.
 */
export function shapeToOutputs(output: ShapeOutput, cellExecutionCount: number | null): Output[] {
  const metadata = output.metadata ?? {};
  const original = metadata.originalOutput as Output | undefined;
  if (original && sameItems(plainOutputToShape(original).items, output.items)) return [original];
  const streams = output.items.filter((item) => item.mime === streamMimes.stdout || item.mime === streamMimes.stderr);
  if (streams.length > 0 && streams.length === output.items.length) return streamOutputs(streams);
  const error = output.items.find((item) => item.mime === errorMime);
  if (error) return [errorFromItem(error)];
  const data = itemsToBundle(output.items);
  const outputMetadata = (metadata.outputType === undefined ? metadata : (metadata.metadata ?? {})) as JsonObject;
  const type = metadata.outputType ?? (hasDisplayId(metadata) ? 'display_data' : 'execute_result');
  if (type === 'display_data') return [{ output_type: 'display_data', data, metadata: outputMetadata }];
  const count = typeof metadata.executionCount === 'number' || metadata.executionCount === null ? metadata.executionCount : cellExecutionCount;
  return [{ output_type: 'execute_result', data, metadata: outputMetadata, execution_count: count }];
}

function streamOutputs(items: ShapeOutputItem[]): Output[] {
  const outputs: Output[] = [];
  for (const item of items) {
    const name = item.mime === streamMimes.stderr ? 'stderr' : 'stdout';
    const text = decoder.decode(item.data);
    const last = outputs[outputs.length - 1];
    if (last?.output_type === 'stream' && last.name === name) last.text += text;
    else outputs.push({ output_type: 'stream', name, text });
  }
  return outputs;
}

function errorFromItem(item: ShapeOutputItem): Output {
  const error = JSON.parse(decoder.decode(item.data)) as { name?: unknown; message?: unknown; stack?: unknown };
  const stack = typeof error.stack === 'string' ? error.stack : '';
  return {
    output_type: 'error',
    ename: typeof error.name === 'string' ? error.name : 'Error',
    evalue: typeof error.message === 'string' ? error.message : '',
    traceback: stack === '' ? [] : stack.split('\n'),
  };
}

/** Rich types first, plain text last: VS Code falls back along this order when it has no renderer. */
function preference(mime: string): number {
  if (mime.startsWith('application/vnd.')) return 0;
  const order = ['text/html', 'image/svg+xml', 'image/png', 'image/jpeg', 'image/gif', 'text/markdown', 'text/latex', 'application/json'];
  const index = order.indexOf(mime);
  if (index !== -1) return 1 + index;
  return mime === 'text/plain' ? 20 : 10;
}

/** Images other than SVG are base64 text in nbformat and bytes in VS Code. */
function isBinaryImage(mime: string): boolean {
  return mime.startsWith('image/') && mime !== 'image/svg+xml';
}

export function bundleToItems(bundle: MimeBundle): ShapeOutputItem[] {
  return Object.keys(bundle)
    .sort((a, b) => preference(a) - preference(b))
    .map((mime) => {
      const value = bundle[mime];
      if (isJsonMime(mime)) return { mime, data: encoder.encode(JSON.stringify(value, undefined, '\t')) };
      if (isBinaryImage(mime) && typeof value === 'string') return { mime, data: new Uint8Array(Buffer.from(value, 'base64')) };
      return { mime, data: encoder.encode(typeof value === 'string' ? value : JSON.stringify(value)) };
    });
}

export function itemsToBundle(items: ShapeOutputItem[]): MimeBundle {
  const bundle: MimeBundle = {};
  for (const { mime, data } of items) {
    if (isBinaryImage(mime)) bundle[mime] = Buffer.from(data).toString('base64');
    else if (isJsonMime(mime)) bundle[mime] = parseJsonOrText(decoder.decode(data));
    else bundle[mime] = decoder.decode(data);
  }
  return bundle;
}

function parseJsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function sameItems(a: ShapeOutputItem[], b: ShapeOutputItem[]): boolean {
  return a.length === b.length && a.every((item, i) => item.mime === b[i].mime && Buffer.from(item.data).equals(Buffer.from(b[i].data)));
}

function hasDisplayId(metadata: Record<string, unknown>): boolean {
  const unrolled = metadata.unrolled;
  return isObject(unrolled) && typeof unrolled.displayId === 'string';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
