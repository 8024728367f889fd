/**
 * The declaration files cells are checked against, as the build lays them out in `dist/types/`
 * (`scripts/buildTypes.mjs`), and the compiler options of the cell program.
 *
 *   dist/types/unrolled/lib/index.d.ts        the `unrolled` library, from kernel/lib with its JSDoc
 *   dist/types/unrolled/runtime/display.d.ts  the type of the kernel's `display`
 *   dist/types/cellGlobals.d.ts               the globals the kernel gives cells (`display`)
 *   dist/types/node_modules/…                 tfjs-core, ml-matrix, @types/node and undici-types
 *   dist/types/typescript/lib.*.d.ts          the ECMAScript library of the TypeScript compiler
 */
import { join } from 'node:path';
import ts from 'typescript';

export interface TypesFolder {
  root: string;
  globals: string;
  libFolder: string;
  /** Modules the kernel serves from its own bundle, whatever the notebook's folder has installed. */
  bundled: ReadonlyMap<string, string>;
}

export function typesFolder(root: string): TypesFolder {
  const tfjs = join(root, 'node_modules/@tensorflow/tfjs-core/dist/index.d.ts');
  return {
    root,
    globals: join(root, 'cellGlobals.d.ts'),
    libFolder: join(root, 'typescript'),
    // The same names as the kernel's `bundledModules` (kernel/runtime/executor.ts).
    bundled: new Map([
      ['unrolled', join(root, 'unrolled/lib/index.d.ts')],
      ['@tensorflow/tfjs-core', tfjs],
      ['@tensorflow/tfjs', tfjs],
    ]),
  };
}

/**
 * Cells run in Node 20 (the kernel), transpiled to ES2022 like `transformCell` does; `strict` as a
 * new TypeScript project has it. Module `preserve` allows top-level `await` and `import x = require()`.
 */
export function cellCompilerOptions(types: TypesFolder): ts.CompilerOptions {
  return {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Preserve,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2023.d.ts'],
    types: ['node'],
    typeRoots: [join(types.root, 'node_modules/@types')],
    strict: true,
    esModuleInterop: true,
    resolveJsonModule: true,
    skipLibCheck: true,
    noEmit: true,
    allowJs: false,
  };
}
