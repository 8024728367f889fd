// Builds every bundle of the product with esbuild:
//   dist/extension/extension.js  VS Code extension host (CommonJS, `vscode` external)
//   dist/kernel/kernel.js        the kernel process (cell execution + the `unrolled` library)
//   dist/cli/cli.js              the headless lesson runner (`npx unrolled run ...`)
//   dist/renderers/*.js          notebook renderers (ESM, browser)
//   dist/wasm/*.wasm             tfjs-backend-wasm binaries, loaded by the kernel
//   dist/fused/recurrent.wasm    the fused recurrent kernels (scripts/buildWasm.mjs, clang + lld)
//   dist/fused/fusedWorker.js    their worker threads (kernel/lib/fused/fusedWorker.ts)
//   dist/types/                  the declarations cells are type-checked against (scripts/buildTypes.mjs)
//   out/test/**/*.test.js        each test file bundled on its own, run by `node --test`
//   out/vscode/                  the extension API tests: runTest.js (launcher) and suite/ (mocha, run inside VS Code)
// tfjs-core is bundled from its ES modules (mainFields module-first) so that the chained tensor
// methods register on the same copy the library uses; tfjs-core keeps its engine on a process
// global, so an optional tfjs-node loaded at run time still registers into the same engine.
import { spawn } from 'node:child_process';
import * as esbuild from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWasm } from './buildWasm.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);

/** Packages resolved at run time, never bundled. */
const runtimeExternal = ['vscode', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', 'playwright-core', 'esbuild', '@vscode/test-electron', 'mocha'];

const nodeCommon = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  mainFields: ['module', 'main'],
  external: runtimeExternal,
  sourcemap: 'linked',
  logLevel: 'warning',
  legalComments: 'none',
};

/** The extension API tests import `vscode` and run under mocha inside VS Code, not under `node --test`. */
const vscodeTestDir = join(root, 'test', 'vscode');
const inVscodeTests = (p) => p.startsWith(vscodeTestDir + sep);

function walk(dir, pred, acc = []) {
  if (!existsSync(dir)) return acc;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, pred, acc);
    else if (pred(p)) acc.push(p);
  }
  return acc;
}

const targets = {
  extension: () => ({ ...nodeCommon, entryPoints: [join(root, 'extension/extension.ts')], outfile: join(root, 'dist/extension/extension.js') }),
  // kernel.js is the kernel; loader.js starts it with a V8 code cache (see kernel/runtime/loader.ts).
  kernel: () => ({ ...nodeCommon, entryPoints: { kernel: join(root, 'kernel/runtime/main.ts'), loader: join(root, 'kernel/runtime/loader.ts') }, outdir: join(root, 'dist/kernel') }),
  cli: () => ({ ...nodeCommon, entryPoints: [join(root, 'kernel/cli/cli.ts')], outfile: join(root, 'dist/cli/cli.js') }),
  renderers: () => {
    const entries = walk(join(root, 'renderers'), (p) => /[\\/]renderers[\\/][^\\/]+[\\/]index\.ts$/.test(p));
    if (entries.length === 0) return null;
    return {
      bundle: true,
      platform: 'browser',
      format: 'esm',
      target: 'es2022',
      entryPoints: Object.fromEntries(entries.map((p) => [relative(join(root, 'renderers'), dirname(p)), p])),
      outdir: join(root, 'dist/renderers'),
      // plotly is shared by three renderers: code splitting keeps one minified copy in a chunk.
      splitting: true,
      minify: true,
      chunkNames: 'chunks/[name]-[hash]',
      sourcemap: 'linked',
      logLevel: 'warning',
      loader: { '.css': 'text' },
    };
  },
  tests: () => {
    const entries = walk(join(root, 'test'), (p) => p.endsWith('.test.ts') && !inVscodeTests(p));
    const support = walk(join(root, 'test'), (p) => /[\\/]test[\\/].*\.entry\.ts$/.test(p) && !inVscodeTests(p));
    const all = [...entries, ...support];
    if (all.length === 0) return null;
    return {
      ...nodeCommon,
      entryPoints: Object.fromEntries(all.map((p) => [relative(join(root, 'test'), p).replace(/\.ts$/, ''), p])),
      outdir: join(root, 'out/test'),
    };
  },
  vscode: () => {
    const suite = walk(join(vscodeTestDir, 'suite'), (p) => p.endsWith('.test.ts'));
    return {
      ...nodeCommon,
      entryPoints: {
        runTest: join(vscodeTestDir, 'runTest.ts'),
        'suite/index': join(vscodeTestDir, 'suite/index.ts'),
        ...Object.fromEntries(suite.map((p) => [relative(vscodeTestDir, p).replace(/\.ts$/, ''), p])),
      },
      outdir: join(root, 'out/vscode'),
    };
  },
  bench: () => {
    const entries = walk(join(root, 'scripts/bench'), (p) => p.endsWith('.ts'));
    if (entries.length === 0) return null;
    return {
      ...nodeCommon,
      entryPoints: Object.fromEntries(entries.map((p) => [relative(join(root, 'scripts'), p).replace(/\.ts$/, ''), p])),
      outdir: join(root, 'out/scripts'),
    };
  },
};

function copyWasm() {
  const from = join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
  const to = join(root, 'dist/wasm');
  mkdirSync(to, { recursive: true });
  for (const f of readdirSync(from)) if (f.endsWith('.wasm')) cpSync(join(from, f), join(to, f));
}

const names = only ? only.split(',') : Object.keys(targets);
if (!only) rmSync(join(root, 'out/test'), { recursive: true, force: true });
if (names.includes('vscode')) rmSync(join(root, 'out/vscode'), { recursive: true, force: true });
// chunk names carry a content hash: without this, every rebuild would leave the old chunks to be packaged
if (names.includes('renderers')) rmSync(join(root, 'dist/renderers/chunks'), { recursive: true, force: true });
copyWasm();
// the fused recurrent kernels' SIMD module, dist/fused/recurrent.wasm (warns and goes on without clang)
buildWasm(root);
// their worker-thread script (kernel/lib/fused/fusedThreads.ts), next to the module: every bundle finds it there
await esbuild.build({ ...nodeCommon, entryPoints: [join(root, 'kernel/lib/fused/fusedWorker.ts')], outfile: join(root, 'dist/fused/fusedWorker.js') });
const started = Date.now();
// The declarations (compiler API, CPU-bound) build in a process of their own, beside esbuild; the
// extension and `unrolled check` need them, so they are built with either.
const withTypes = !only || names.some((name) => ['types', 'extension', 'cli'].includes(name));
const typesBuilt = withTypes && !watch ? buildTypesInChild() : Promise.resolve();
await Promise.all(
  names.filter((name) => name !== 'types').map(async (name) => {
    const make = targets[name];
    if (!make) throw new Error(`unknown build target '${name}'; expected one of ${Object.keys(targets).join(', ')}`);
    if (name !== 'renderers' && name !== 'tests' && name !== 'bench') {
      const entry = Object.values(make().entryPoints)[0];
      if (!existsSync(entry)) return;
    }
    const options = make();
    if (!options) return;
    if (watch) await (await esbuild.context(options)).watch();
    else await esbuild.build(options);
  }),
);
await typesBuilt;
if (!watch) console.log(`built ${names.join(', ')} in ${Date.now() - started} ms`);

function buildTypesInChild() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'scripts/buildTypes.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`scripts/buildTypes.mjs failed (exit status ${code})`))));
  });
}
