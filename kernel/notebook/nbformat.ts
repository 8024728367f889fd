/**
 * The `.seqnb` file format: Jupyter's nbformat 4, so a lesson renamed to `.ipynb` opens in any
 * Jupyter tool. In memory, multi-line strings (sources, stream text, textual MIME data) are one
 * string each; on disk they are lists of lines, as Jupyter writes them.
 *
 * Lossless: fields this module does not interpret (on the notebook, cells or outputs) stay on
 * the objects and are written back, and the writer reproduces Jupyter's canonical layout, so a
 * file in that layout round-trips byte for byte.
 */
import type { MimeBundle } from '../protocol/messages';
import { canonicalJson, type JsonObject } from './canonicalJson';
import { splitIfText, splitLines } from './multiline';
import { decodeNotebookText, parseJsonText } from './readJson';
import { validateNotebook } from './validateNotebook';

export type { JsonObject, JsonValue } from './canonicalJson';
export { NotebookFormatError, type TextPosition } from './notebookFormatError';
export { maxJsonDepth, maxNotebookBytes } from './readJson';

export interface StreamOutput {
  output_type: 'stream';
  /** `stdout` or `stderr` in practice; nbformat allows any stream name. */
  name: string;
  text: string;
}

export interface DisplayDataOutput {
  output_type: 'display_data';
  data: MimeBundle;
  /** Per-output metadata; Unrolled keeps a display's id here as `unrolled.displayId`. */
  metadata: JsonObject;
}

export interface ExecuteResultOutput {
  output_type: 'execute_result';
  data: MimeBundle;
  metadata: JsonObject;
  execution_count: number | null;
}

export interface ErrorOutput {
  output_type: 'error';
  ename: string;
  evalue: string;
  /** Stack lines. */
  traceback: string[];
}

export type Output = StreamOutput | DisplayDataOutput | ExecuteResultOutput | ErrorOutput;

/** Images and other files embedded in a markdown or raw cell, by file name. */
export type Attachments = Record<string, MimeBundle>;

export interface MarkdownCell {
  cell_type: 'markdown';
  /** Required from nbformat 4.5 on. */
  id?: string;
  metadata: JsonObject;
  source: string;
  attachments?: Attachments;
}

export interface RawCell {
  cell_type: 'raw';
  id?: string;
  metadata: JsonObject;
  source: string;
  attachments?: Attachments;
}

export interface CodeCell {
  cell_type: 'code';
  id?: string;
  metadata: JsonObject;
  source: string;
  execution_count: number | null;
  outputs: Output[];
}

export type Cell = MarkdownCell | RawCell | CodeCell;

export interface Notebook {
  nbformat: 4;
  nbformat_minor: number;
  metadata: JsonObject;
  cells: Cell[];
}

/** The minor version new notebooks are written with (cell ids required). */
export const currentMinor = 5;

/** Notebook metadata that marks a file as a TypeScript notebook for Jupyter tools. */
export function typescriptNotebookMetadata(): JsonObject {
  return {
    kernelspec: { display_name: 'Unrolled (TypeScript)', language: 'typescript', name: 'unrolled' },
    language_info: { file_extension: '.ts', mimetype: 'text/typescript', name: 'typescript' },
  };
}

export function emptyNotebook(): Notebook {
  return { nbformat: 4, nbformat_minor: currentMinor, metadata: typescriptNotebookMetadata(), cells: [] };
}

/**
 * Reads a notebook file's bytes. Throws a {@link NotebookFormatError} naming the problem (and
 * its line and column where it has one) for a file that is too large, not JSON, not nbformat 4,
 * or has malformed cells or outputs. Reads only: never touches the file.
 */
export function parseNotebook(bytes: Uint8Array, fileLabel?: string): Notebook {
  const text = decodeNotebookText(bytes, fileLabel);
  const json = parseJsonText(text, fileLabel);
  return validateNotebook(json, text, fileLabel);
}

/** Writes a notebook in Jupyter's canonical layout (sorted keys, one-space indent, lines as lists). */
export function serializeNotebook(notebook: Notebook): Uint8Array {
  return new TextEncoder().encode(canonicalJson(toDiskForm(notebook)));
}

function toDiskForm(notebook: Notebook): Record<string, unknown> {
  return { ...notebook, cells: notebook.cells.map(cellToDisk) };
}

function cellToDisk(cell: Cell): Record<string, unknown> {
  const disk: Record<string, unknown> = { ...cell, source: splitLines(cell.source) };
  if (cell.cell_type !== 'code') {
    if (cell.attachments) disk.attachments = mapValues(cell.attachments, bundleToDisk);
    return disk;
  }
  disk.outputs = cell.outputs.map(outputToDisk);
  return disk;
}

function outputToDisk(output: Output): Record<string, unknown> {
  switch (output.output_type) {
    case 'stream':
      return { ...output, text: splitLines(output.text) };
    case 'display_data':
    case 'execute_result':
      return { ...output, data: bundleToDisk(output.data) };
    default:
      return { ...output };
  }
}

function bundleToDisk(bundle: MimeBundle): Record<string, unknown> {
  return Object.fromEntries(Object.entries(bundle).map(([mime, value]) => [mime, splitIfText(mime, value)]));
}

function mapValues<T, U>(record: Record<string, T>, f: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, f(value)]));
}
