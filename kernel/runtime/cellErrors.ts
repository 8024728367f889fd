/**
 * Turns what a cell threw into a `CellError` whose stack speaks in the cell's own lines.
 *
 * Frames in cell code (`at f (cell 3:5:9)` in the generated script) are mapped through the
 * cell's TypeScript source map. Frames in the kernel bundle are mapped through the bundle's own
 * source map when it is next to the bundle; library frames are kept as `kernel/lib/….ts:L:C`,
 * tfjs and kernel internals are dropped, as are Node internals. Frames of installed npm packages
 * are kept as they are.
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

/** The source maps of cells run so far, by cell label (the latest run of each label wins). */
export class CellSourceMaps {
  private readonly cells = new Map<string, { map: SourceMap; wrapperLine: number; firstLineShift: number }>();
  private bundle: SourceMap | null | undefined;

  constructor(private readonly bundlePath: string) {}

  set(label: string, cell: TransformedCell): void {
    // The last line of the generated script calls the async wrapper; its frame is no cell line.
    const wrapperLine = cell.code.trimEnd().split('\n').length;
    this.cells.set(label, { map: new SourceMap(JSON.parse(cell.sourceMap)), wrapperLine, firstLineShift: cell.firstLineShift });
  }

  /** Whether a 1-based generated line is the wrapper call, which has no place in the cell. */
  isWrapperCall(label: string, line: number): boolean {
    return this.cells.get(label)?.wrapperLine === line;
  }

  has(label: string): boolean {
    return this.cells.has(label);
  }

  /** Maps a 1-based position in a cell's generated script to the cell source; undefined when unknown. */
  cellPosition(label: string, line: number, column: number): Position | undefined {
    const cell = this.cells.get(label);
    const position = lookUp(cell?.map, line, column)?.position;
    if (!position || !cell || position.line !== 1) return position;
    return { line: 1, column: Math.max(1, position.column - cell.firstLineShift) };
  }

  /** Where a position in the kernel bundle came from, as `kernel/lib/…` or `node_modules/…` with a 1-based position. */
  bundlePosition(line: number, column: number): { source: string; position: Position } | undefined {
    if (this.bundle === undefined) {
      const mapPath = this.bundlePath + '.map';
      this.bundle = existsSync(mapPath) ? new SourceMap(JSON.parse(readFileSync(mapPath, 'utf8'))) : null;
    }
    return lookUp(this.bundle ?? undefined, line, column);
  }
}

function lookUp(map: SourceMap | undefined, line: number, column: number): { source: string; position: Position } | undefined {
  if (!map) return undefined;
  const entry = map.findEntry(line - 1, column - 1) as Partial<{ originalSource: string; originalLine: number; originalColumn: number }>;
  if (entry.originalLine === undefined || entry.originalColumn === undefined) return undefined;
  const source = (entry.originalSource ?? '').replace(/^(?:file:\/\/)?(?:\.\.\/)+/, '');
  return { source, position: { line: entry.originalLine + 1, column: entry.originalColumn + 1 } };
}

const frameLine = /^(\s+at )(?:(.*?) \()?(.+?):(\d+):(\d+)(\)?)$/;

/**
 * Rewrites a V8 stack: cell frames mapped, kernel and Node internals dropped. Kernel-bundle frames
 * below the last cell frame are the executor's own and are dropped without consulting the bundle's
 * (large) source map; those above it may be library code and are mapped.
 */
export function mapStack(stack: string, maps: CellSourceMaps, bundlePath: string): string {
  const lines = stack.split('\n');
  const frames = lines.map((line) => (/^\s+at /.test(line) ? frameLine.exec(line) ?? 'unknown' : undefined));
  let lastCellFrame = -1;
  frames.forEach((frame, i) => {
    if (frame && frame !== 'unknown' && maps.has(frame[3])) lastCellFrame = i;
  });
  const out: string[] = [];
  lines.forEach((line, i) => {
    const frame = frames[i];
    if (frame === undefined) return void out.push(line);
    if (frame === 'unknown') return;
    const [, at, fn, file, lineText, columnText] = frame;
    const where = (location: string) => (fn !== undefined ? `${at}${fn} (${location})` : `${at}${location}`);
    const generatedLine = Number(lineText);
    if (maps.has(file)) {
      if (maps.isWrapperCall(file, generatedLine)) return;
      const position = maps.cellPosition(file, generatedLine, Number(columnText));
      out.push(where(position ? `${file}:${position.line}:${position.column}` : `${file}:${lineText}:${columnText}`));
    } else if (file === bundlePath) {
      if (lastCellFrame >= 0 && i > lastCellFrame) return;
      const origin = maps.bundlePosition(generatedLine, Number(columnText));
      if (origin && origin.source.startsWith('kernel/lib/')) out.push(where(`${origin.source}:${origin.position.line}:${origin.position.column}`));
    } else if (!file.startsWith('node:') && !file.includes('<anonymous>')) {
      out.push(line);
    }
  });
  return out.join('\n');
}

/** The error a cell threw (an Error or any other value), as the host shows it. */
export function toCellError(thrown: unknown, maps: CellSourceMaps, bundlePath: string): CellError {
  if (!(thrown instanceof Error)) {
    return { name: 'Uncaught', message: inspect(thrown, { depth: 2 }), stack: '' };
  }
  const name = thrown.name || 'Error';
  const compile = thrown instanceof SyntaxError ? compileErrorLocation(thrown, maps) : undefined;
  if (compile) return { name, message: thrown.message, stack: `${name}: ${thrown.message}\n    at ${compile}` };
  const stack = typeof thrown.stack === 'string' ? thrown.stack : `${name}: ${thrown.message}`;
  return { name, message: thrown.message, stack: mapStack(stack, maps, bundlePath) };
}

/**
 * A JavaScript syntax error found when compiling the generated script (TypeScript accepted it,
 * e.g. `await` inside a function that is not async). Node decorates such errors with the
 * offending line and a caret line: `cell 3:4\n<source>\n    ^^^^^\n\nSyntaxError: …`.
 */
function compileErrorLocation(error: SyntaxError, maps: CellSourceMaps): string | undefined {
  const lines = (error.stack ?? '').split('\n');
  const head = /^(.*):(\d+)$/.exec(lines[0] ?? '');
  if (!head || !maps.has(head[1])) return undefined;
  const caret = (lines[2] ?? '').indexOf('^');
  const column = caret >= 0 ? caret + 1 : 1;
  const position = maps.cellPosition(head[1], Number(head[2]), column);
  return position ? `${head[1]}:${position.line}:${position.column}` : `${head[1]}:${head[2]}`;
}

/** TypeScript syntax errors of a cell that never ran, each with its cell line and column. */
export function syntaxError(label: string, errors: readonly CellSyntaxError[]): CellError {
  const [first] = errors;
  const at = (e: CellSyntaxError) => `${label}:${e.line}:${e.column}`;
  const more = errors.slice(1, 5).map((e) => `\n${e.message} (${at(e)})`).join('');
  return {
    name: 'SyntaxError',
    message: `${first.message} (${at(first)})${more}`,
    stack: `SyntaxError: ${first.message}\n    at ${at(first)}${errors.slice(1, 5).map((e) => `\nSyntaxError: ${e.message}\n    at ${at(e)}`).join('')}`,
  };
}
