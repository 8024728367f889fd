/**
 * Stack traces in the cell's own lines, for every error in the kernel: the ones the kernel reports
 * and the ones cells print themselves (`console.log(e.stack)`).
 *
 * Each run of a cell is compiled under its own script name, with TypeScript's source map, so a
 * function from an earlier run of a since-edited cell still maps to the lines it came from. A
 * V8 `prepareStackTrace` hook formats stacks that pass through cell code:
 * - cell frames read `at f (cell 3:5:9)` with the cell's line and column;
 * - the frame of the async wrapper around each cell (no cell line of its own) is left out;
 * - frames in the kernel bundle above the last cell frame are library code: they are mapped
 *   through the bundle's own source map (read the first time it is needed) and kept as
 *   `kernel/lib/….ts:L:C`, while tfjs internals are left out; everything below the last cell frame
 *   is the kernel's own machinery and Node internals, left out too.
 * Stacks that never touch cell code keep V8's usual format.
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { inspect } from 'node:util';
import type { CellError } from '../protocol/messages';
import type { CellSyntaxError, TransformedCell } from './transform';

interface Position {
  line: number;
  column: number;
}

interface CellScript {
  label: string;
  map: SourceMap;
  /** The generated line that calls the async wrapper. */
  wrapperLine: number;
  firstLineShift: number;
}

/** Enough frames to reach the cell's own frames from inside deep tfjs calls. */
const stackTraceLimit = 60;

export class CellSourceMaps {
  private readonly scripts = new Map<string, CellScript>();
  private runs = 0;
  private bundle: SourceMap | null | undefined;

  constructor(private readonly bundlePath: string) {}

  /** Registers one run of a cell; returns the unique script name to compile it under. */
  register(label: string, cell: TransformedCell): string {
    const scriptName = `${label} [run ${++this.runs}]`;
    const wrapperLine = cell.code.trimEnd().split('\n').length;
    this.scripts.set(scriptName, { label, map: new SourceMap(JSON.parse(cell.sourceMap)), wrapperLine, firstLineShift: cell.firstLineShift });
    return scriptName;
  }

  /** Installs the stack formatting described above for the whole kernel process. */
  install(): void {
    Error.stackTraceLimit = stackTraceLimit;
    Error.prepareStackTrace = (error: Error, callSites: NodeJS.CallSite[]) => this.format(error, callSites);
  }

  /** `cell 3:L:C` for a 1-based position in a cell script, or undefined when the script is unknown. */
  cellLocation(scriptName: string, line: number, column: number): string | undefined {
    const script = this.scripts.get(scriptName);
    if (!script) return undefined;
    const position = lookUp(script.map, line, column)?.position;
    if (!position) return `${script.label}:${line}:${column}`;
    const shifted = position.line === 1 ? Math.max(1, position.column - script.firstLineShift) : position.column;
    return `${script.label}:${position.line}:${shifted}`;
  }

  /** `cell 3:L:C` of the innermost cell frame on the current stack, or undefined when no cell code is on it. */
  innermostCellFrame(): string | undefined {
    const installed = Error.prepareStackTrace;
    let callSites: NodeJS.CallSite[] = [];
    try {
      Error.prepareStackTrace = (_error, sites) => sites;
      const holder: { stack?: unknown } = {};
      Error.captureStackTrace(holder, this.innermostCellFrame);
      callSites = holder.stack as NodeJS.CallSite[];
    } finally {
      Error.prepareStackTrace = installed;
    }
    for (const site of callSites) {
      const file = site.getFileName() ?? '';
      const line = site.getLineNumber() ?? 0;
      if (this.scripts.has(file) && line !== this.scripts.get(file)?.wrapperLine) return this.cellLocation(file, line, site.getColumnNumber() ?? 0);
    }
    return undefined;
  }

  private format(error: Error, callSites: NodeJS.CallSite[]): string {
    const header = headerOf(error);
    const lastCell = callSites.map((site) => this.scripts.has(site.getFileName() ?? '')).lastIndexOf(true);
    if (lastCell < 0) return [header, ...callSites.map((site) => `    at ${site}`)].join('\n');
    const frames: string[] = [];
    callSites.forEach((site, index) => {
      const frame = this.frame(site, index > lastCell);
      if (frame) frames.push(`    at ${frame}`);
    });
    return [header, ...frames].join('\n');
  }

  /** One frame's text, or undefined to leave it out. */
  private frame(site: NodeJS.CallSite, belowCells: boolean): string | undefined {
    const file = site.getFileName() ?? '';
    const line = site.getLineNumber() ?? 0;
    const column = site.getColumnNumber() ?? 0;
    const text = String(site);
    const script = this.scripts.get(file);
    if (script) {
      if (line === script.wrapperLine) return undefined;
      return text.replace(`${file}:${line}:${column}`, this.cellLocation(file, line, column)!);
    }
    if (belowCells || file.startsWith('node:')) return undefined;
    if (file === this.bundlePath) {
      const origin = lookUp(this.bundleMap(), line, column);
      if (!origin || !origin.source.startsWith('kernel/lib/')) return undefined;
      return text.replace(`${file}:${line}:${column}`, `${origin.source}:${origin.position.line}:${origin.position.column}`);
    }
    return text;
  }

  private bundleMap(): SourceMap | undefined {
    if (this.bundle === undefined) {
      const mapPath = this.bundlePath + '.map';
      this.bundle = existsSync(mapPath) ? new SourceMap(JSON.parse(readFileSync(mapPath, 'utf8'))) : null;
    }
    return this.bundle ?? undefined;
  }
}

function headerOf(error: Error): string {
  try {
    return String(error);
  } catch {
    return 'Error';
  }
}

function lookUp(map: SourceMap | undefined, line: number, column: number): { source: string; position: Position } | undefined {
  if (!map) return undefined;
  const entry = map.findEntry(line - 1, column - 1) as Partial<{ originalSource: string; originalLine: number; originalColumn: number }>;
  if (entry.originalLine === undefined || entry.originalColumn === undefined) return undefined;
  const source = (entry.originalSource ?? '').replace(/^(?:file:\/\/)?(?:\.\.\/)+/, '');
  return { source, position: { line: entry.originalLine + 1, column: entry.originalColumn + 1 } };
}

/** The error a cell threw (an Error or any other value), as the host shows it. */
export function toCellError(thrown: unknown, maps: CellSourceMaps): CellError {
  if (!(thrown instanceof Error)) {
    return { name: 'Uncaught', message: inspect(thrown, { depth: 2 }), stack: '' };
  }
  const name = thrown.name || 'Error';
  const stack = typeof thrown.stack === 'string' ? thrown.stack : `${name}: ${thrown.message}`;
  const compiled = thrown instanceof SyntaxError ? compileErrorLocation(stack, maps) : undefined;
  if (compiled) return { name, message: thrown.message, stack: `${name}: ${thrown.message}\n    at ${compiled}` };
  return { name, message: thrown.message, stack };
}

/**
 * A JavaScript syntax error found when compiling the generated script (TypeScript accepted it).
 * Node puts the offending line and a caret line in front of the stack:
 * `cell 3 [run 7]:4\n<source>\n    ^^^^^\n\nSyntaxError: …`.
 */
function compileErrorLocation(stack: string, maps: CellSourceMaps): string | undefined {
  const lines = stack.split('\n');
  const head = /^(.*):(\d+)$/.exec(lines[0] ?? '');
  if (!head) return undefined;
  const caret = (lines[2] ?? '').indexOf('^');
  return maps.cellLocation(head[1], Number(head[2]), caret >= 0 ? caret + 1 : 1);
}

/** TypeScript syntax errors of a cell that never ran, each with its cell line and column. */
export function syntaxError(label: string, errors: readonly CellSyntaxError[]): CellError {
  const at = (e: CellSyntaxError) => `${label}:${e.line}:${e.column}`;
  const shown = errors.slice(0, 5);
  return {
    name: 'SyntaxError',
    message: shown.map((e) => `${e.message} (${at(e)})`).join('\n'),
    stack: shown.map((e) => `SyntaxError: ${e.message}\n    at ${at(e)}`).join('\n'),
  };
}
