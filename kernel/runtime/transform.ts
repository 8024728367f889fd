/**
 * Turns one TypeScript cell into a script the kernel can run again and again in one global scope.
 *
 * The TypeScript compiler strips the types (to ES2022, imports kept verbatim) and then the
 * `after` transformers below rewrite the plain JavaScript:
 * - the whole cell becomes the body of an async arrow function, so top-level `await` works;
 * - top-level `const`/`let`/`var`/`function`/`class`/`import` become assignments to global names
 *   (declared first through the runtime helper), so later cells see them and re-running a cell
 *   that declares `const x` simply assigns `x` again;
 * - the last expression statement becomes the function's return value (the cell's result);
 * - every loop body starts with an interrupt check and every `await` is followed by one, so an
 *   interrupt stops cell loops and async work while every variable keeps its value.
 * TypeScript's source map of this single emit maps stack frames back to the cell's own lines.
 */
import ts from 'typescript';
import { requireImportEquals, rewriteTopLevel } from './topLevel';
import { instrumentInterrupts } from './instrument';

export interface TransformedCell {
  /** The script to run; evaluating it yields the promise of the cell's result. */
  code: string;
  /** TypeScript's source map (JSON) from `code` back to the cell source. */
  sourceMap: string;
  /** Columns to subtract from mapped positions on the cell's first line (1 when the cell was wrapped in parentheses). */
  firstLineShift: number;
}

/** A TypeScript syntax error, at 1-based line and column of the cell. */
export interface CellSyntaxError {
  message: string;
  line: number;
  column: number;
}

export type TransformResult = { ok: true; cell: TransformedCell } | { ok: false; errors: CellSyntaxError[] };

const compilerOptions: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  // Keeps imports whose names this cell does not use: a later cell may use them.
  verbatimModuleSyntax: true,
  sourceMap: true,
  inlineSources: false,
  removeComments: false,
  useDefineForClassFields: true,
};

/**
 * Transforms a cell's source, or returns its syntax errors with cell-relative positions.
 * A cell that is one object literal (`{ a: 1 }`) means the object, as in Node's REPL, not a block.
 */
export function transformCell(source: string): TransformResult {
  const trimmed = source.trim();
  if (trimmed.startsWith('{') && trimmed.endsWith('}')) {
    const asObject = transpile(`(${source})`);
    if (asObject.ok) return { ok: true, cell: { ...asObject.cell, firstLineShift: 1 } };
  }
  return transpile(source);
}

function transpile(source: string): TransformResult {
  const misplacedAwaits: number[] = [];
  const output = ts.transpileModule(source, {
    compilerOptions,
    reportDiagnostics: true,
    fileName: 'cell.ts',
    transformers: { before: [requireImportEquals], after: [instrumentInterrupts(misplacedAwaits), rewriteTopLevel] },
  });
  const errors = (output.diagnostics ?? [])
    .filter((d) => d.category === ts.DiagnosticCategory.Error)
    .map((d) => ({ position: d.start ?? 0, message: ts.flattenDiagnosticMessageText(d.messageText, '\n') }))
    .concat(misplacedAwaits.map((position) => ({ position, message: "'await' is only allowed inside async functions and at the top level of a cell." })));
  if (errors.length > 0) {
    const parsed = ts.createSourceFile('cell.ts', source, ts.ScriptTarget.ES2022);
    return {
      ok: false,
      errors: errors.map(({ position, message }) => {
        const { line, character } = ts.getLineAndCharacterOfPosition(parsed, position);
        return { message, line: line + 1, column: character + 1 };
      }),
    };
  }
  const code = output.outputText.replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n');
  return { ok: true, cell: { code, sourceMap: output.sourceMapText ?? '', firstLineShift: 0 } };
}
