// Builds dist/types/: the declaration files the editor and `unrolled check` type cells against
// (layout in kernel/typecheck/typesFolder.ts). The `unrolled` library's .d.ts are emitted from
// kernel/lib by the TypeScript compiler with the JSDoc kept (what learners read on hover); the
// packages those declarations name, @types/node (cells run in Node) and the compiler's ES library
// files are copied next to them, so the packaged extension needs nothing from node_modules.
// Emitting takes ~20 s on a 2-core machine, so it is skipped while dist/types is newer than every
// source file of kernel/lib, kernel/protocol and kernel/runtime, and this script.
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist/types');
const stamp = join(out, '.built');

function newestSource(dir, newest = 0) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    if (s.isDirectory()) newest = newestSource(p, newest);
    else if (name.endsWith('.ts')) newest = Math.max(newest, s.mtimeMs);
  }
  return newest;
}

export function buildTypes() {
  const inputs = ['kernel/lib', 'kernel/protocol', 'kernel/runtime'].map((dir) => newestSource(join(root, dir)));
  const newest = Math.max(...inputs, statSync(fileURLToPath(import.meta.url)).mtimeMs);
  if (existsSync(stamp) && statSync(stamp).mtimeMs > newest) return false;
  // The stamp carries the time the build started: a source saved while it ran makes the next build redo it.
  const started = new Date();
  rmSync(out, { recursive: true, force: true });

  const program = ts.createProgram({
    rootNames: [join(root, 'kernel/lib/index.ts'), join(root, 'kernel/runtime/display.ts')],
    options: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ['lib.es2022.d.ts'],
      types: ['node'],
      strict: true,
      esModuleInterop: true,
      skipLibCheck: true,
      resolveJsonModule: true,
      declaration: true,
      emitDeclarationOnly: true,
      // `tsc -b` type-checks these files; here only their declarations are wanted.
      noCheck: true,
      outDir: join(out, 'unrolled'),
      rootDir: join(root, 'kernel'),
    },
  });
  const emitted = program.emit();
  const errors = emitted.diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (emitted.emitSkipped || errors.length > 0) {
    throw new Error(`declarations of kernel/lib not emitted:\n${ts.formatDiagnostics(errors, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' })}`);
  }

  const declarationsOnly = (from) => (source) => statSync(source).isDirectory() || source.endsWith('.d.ts') || source === join(from, 'package.json') || /LICENSE/i.test(source);
  for (const pkg of ['@tensorflow/tfjs-core', 'ml-matrix', '@types/node', 'undici-types']) {
    const from = join(root, 'node_modules', pkg);
    cpSync(from, join(out, 'node_modules', pkg), { recursive: true, filter: declarationsOnly(from) });
  }
  const tsLib = dirname(ts.getDefaultLibFilePath({}));
  mkdirSync(join(out, 'typescript'), { recursive: true });
  for (const name of readdirSync(tsLib)) {
    if (/^lib\.(es\d|es20|esnext|decorators).*\.d\.ts$/.test(name)) cpSync(join(tsLib, name), join(out, 'typescript', name));
  }
  writeFileSync(join(out, 'cellGlobals.d.ts'), cellGlobals);
  writeFileSync(stamp, `${started.toISOString()}\n`);
  utimesSync(stamp, started, started);
  return true;
}

// What the kernel installs on the global object for cells (kernel/runtime/executor.ts `install`);
// `console`, `require` and the rest of Node's globals come from @types/node.
const cellGlobals = `import type { DisplayFunction } from './unrolled/runtime/display';

declare global {
  /**
   * Shows a value as an output of the running cell and returns a handle whose \`update(value)\`
   * replaces that output in place. Library objects (plots, graphs, dashboards) show their rich
   * view, tensors their values, plain data as JSON.
   *
   * \`display.markdown(source)\`, \`display.html(source)\`, \`display.text(value)\`, \`display.json(value)\`,
   * \`display.mime(type, payload)\` and \`display.bundle({ mime: payload })\` choose the output's type.
   */
  const display: DisplayFunction;
}
export {};
`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const built = buildTypes();
  console.log(built ? `built dist/types in ${Date.now() - started} ms` : 'dist/types is up to date');
}
