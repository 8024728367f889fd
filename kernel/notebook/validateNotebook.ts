/**
 * Checks that parsed JSON is an nbformat 4 notebook and brings it to the in-memory form (lines
 * joined). Every refusal names the cell or output and points at its place in the text.
 * Fields not checked here are kept as they are, so that writing the notebook back loses nothing.
 */
import type { JsonObject } from './canonicalJson';
import { joinIfLines } from './multiline';
import type { Attachments, Cell, Notebook, Output } from './nbformat';
import { NotebookFormatError, positionOfPath } from './notebookFormatError';

type Path = (string | number)[];
type JsonRecord = Record<string, unknown>;

const cellTypes = ['markdown', 'code', 'raw'];
const outputTypes = ['stream', 'display_data', 'execute_result', 'error'];

export function validateNotebook(json: unknown, text: string, fileLabel?: string): Notebook {
  const fail = (problem: string, path: Path): never => {
    throw new NotebookFormatError(problem, positionOfPath(text, path), fileLabel);
  };
  if (!isRecord(json)) return fail(`expected a JSON object with nbformat 4 fields at the top level, found ${describe(json)}`, []);
  if (!('nbformat' in json)) return fail("missing 'nbformat': expected 4 (is this a Jupyter notebook?)", []);
  if (json.nbformat !== 4) {
    return fail(`nbformat ${JSON.stringify(json.nbformat)} is not supported; expected nbformat 4 (re-save the file with a current Jupyter to convert it)`, ['nbformat']);
  }
  if (!Number.isInteger(json.nbformat_minor) || (json.nbformat_minor as number) < 0) {
    return fail(`expected 'nbformat_minor' to be a non-negative integer, found ${describe(json.nbformat_minor)}`, ['nbformat_minor']);
  }
  const metadata = objectOr(json.metadata, ['metadata'], "notebook 'metadata'", fail);
  if (!Array.isArray(json.cells)) return fail(`expected 'cells' to be a list of cells, found ${describe(json.cells)}`, ['cells']);
  const cells = json.cells.map((cell, index) => validateCell(cell, index, fail));
  return { ...json, nbformat: 4, nbformat_minor: json.nbformat_minor as number, metadata, cells };
}

function validateCell(raw: unknown, index: number, fail: (problem: string, path: Path) => never): Cell {
  const path: Path = ['cells', index];
  const label = `cell ${index + 1}`;
  if (!isRecord(raw)) return fail(`${label}: expected an object, found ${describe(raw)}`, path);
  if (!cellTypes.includes(raw.cell_type as string)) {
    return fail(`${label}: unknown cell_type ${describe(raw.cell_type)}; expected 'markdown', 'code' or 'raw'`, [...path, 'cell_type']);
  }
  if (!('source' in raw)) return fail(`${label}: missing 'source'`, path);
  const source = joinLines(raw.source, [...path, 'source'], `${label}: 'source'`, fail);
  const metadata = objectOr(raw.metadata, [...path, 'metadata'], `${label}: 'metadata'`, fail);
  if (raw.id !== undefined && typeof raw.id !== 'string') return fail(`${label}: expected 'id' to be a string, found ${describe(raw.id)}`, [...path, 'id']);
  if (raw.cell_type !== 'code') {
    const cell = { ...raw, cell_type: raw.cell_type as 'markdown' | 'raw', source, metadata };
    if (raw.attachments === undefined) return cell;
    return { ...cell, attachments: validateAttachments(raw.attachments, [...path, 'attachments'], label, fail) };
  }
  const executionCount = raw.execution_count ?? null;
  if (executionCount !== null && !Number.isInteger(executionCount)) {
    return fail(`${label}: expected 'execution_count' to be an integer or null, found ${describe(executionCount)}`, [...path, 'execution_count']);
  }
  const rawOutputs = raw.outputs ?? [];
  if (!Array.isArray(rawOutputs)) return fail(`${label}: expected 'outputs' to be a list, found ${describe(rawOutputs)}`, [...path, 'outputs']);
  const outputs = rawOutputs.map((output, o) => validateOutput(output, [...path, 'outputs', o], `${label}, output ${o + 1}`, fail));
  return { ...raw, cell_type: 'code', source, metadata, execution_count: executionCount as number | null, outputs };
}

function validateOutput(raw: unknown, path: Path, label: string, fail: (problem: string, path: Path) => never): Output {
  if (!isRecord(raw)) return fail(`${label}: expected an object, found ${describe(raw)}`, path);
  const type = raw.output_type;
  if (!outputTypes.includes(type as string)) {
    return fail(`${label}: unknown output_type ${describe(type)}; expected one of ${outputTypes.join(', ')}`, [...path, 'output_type']);
  }
  if (type === 'stream') {
    if (typeof raw.name !== 'string') return fail(`${label}: expected the stream 'name' to be a string, found ${describe(raw.name)}`, [...path, 'name']);
    return { ...raw, output_type: 'stream', name: raw.name, text: joinLines(raw.text, [...path, 'text'], `${label}: 'text'`, fail) };
  }
  if (type === 'error') {
    if (typeof raw.ename !== 'string' || typeof raw.evalue !== 'string') return fail(`${label}: expected 'ename' and 'evalue' strings`, path);
    if (!isStringList(raw.traceback)) return fail(`${label}: expected 'traceback' to be a list of strings, found ${describe(raw.traceback)}`, [...path, 'traceback']);
    return { ...raw, output_type: 'error', ename: raw.ename, evalue: raw.evalue, traceback: raw.traceback };
  }
  const data = joinBundle(raw.data, [...path, 'data'], `${label}: 'data'`, fail);
  const metadata = objectOr(raw.metadata, [...path, 'metadata'], `${label}: 'metadata'`, fail);
  if (type === 'display_data') return { ...raw, output_type: 'display_data', data, metadata };
  const executionCount = raw.execution_count ?? null;
  if (executionCount !== null && !Number.isInteger(executionCount)) {
    return fail(`${label}: expected 'execution_count' to be an integer or null, found ${describe(executionCount)}`, [...path, 'execution_count']);
  }
  return { ...raw, output_type: 'execute_result', data, metadata, execution_count: executionCount as number | null };
}

function validateAttachments(raw: unknown, path: Path, label: string, fail: (problem: string, path: Path) => never): Attachments {
  if (!isRecord(raw)) return fail(`${label}: expected 'attachments' to be an object, found ${describe(raw)}`, path);
  return Object.fromEntries(Object.entries(raw).map(([name, bundle]) => [name, joinBundle(bundle, [...path, name], `${label}: attachment '${name}'`, fail)]));
}

function joinBundle(raw: unknown, path: Path, label: string, fail: (problem: string, path: Path) => never): Record<string, unknown> {
  if (!isRecord(raw)) return fail(`${label} must be an object mapping MIME types to data, found ${describe(raw)}`, path);
  return Object.fromEntries(Object.entries(raw).map(([mime, value]) => [mime, joinIfLines(mime, value)]));
}

function joinLines(raw: unknown, path: Path, label: string, fail: (problem: string, path: Path) => never): string {
  if (typeof raw === 'string') return raw;
  if (isStringList(raw)) return raw.join('');
  return fail(`${label} must be a string or a list of strings, found ${describe(raw)}`, path);
}

/** Missing metadata is read as `{}` (written back as such); metadata of another type is refused. */
function objectOr(raw: unknown, path: Path, label: string, fail: (problem: string, path: Path) => never): JsonObject {
  if (raw === undefined) return {};
  if (!isRecord(raw)) return fail(`${label} must be an object, found ${describe(raw)}`, path);
  return raw as JsonObject;
}

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return String(value);
}
