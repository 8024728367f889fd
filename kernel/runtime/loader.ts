/**
 * Starts the kernel bundle (`kernel.js`, given as the first argument) with a V8 code cache, so a
 * kernel starts without parsing and compiling its 11 MB of JavaScript (mostly the TypeScript
 * compiler) from scratch each time: on this project's 2-core machine that was a third to a half
 * of the start time. `dist/kernel/loader.js`; `KernelProcess` forks it when it is next to the bundle.
 *
 * The cache lives in the user's own cache folder (`$XDG_CACHE_HOME` or `~/.cache`, then `unrolled/kernel-code-cache`,
 * never a shared temp folder, since a planted cache would be code we run), keyed by the bundle's
 * size and time and by the Node and V8 versions; V8 itself refuses a cache that does not fit the
 * source. It is written once, shortly after a start that had none, from the functions compiled by
 * then, and older caches are removed. `UNROLLED_CODE_CACHE=0` turns it off (to measure cold starts).
 * Any failure here only costs speed, never a start.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

/** Long enough for the kernel to be ready and to have compiled what start-up and a first cell use. */
const writeCacheAfterMs = 2000;
const cacheDirectory = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'unrolled', 'kernel-code-cache');

/** Writes straight to fd 2: the kernel routes `process.stderr` into cells once it is ready. */
function log(line: string): void {
  writeSync(2, `kernel loader: ${line}\n`);
}

function cacheFile(kernelPath: string): string | undefined {
  if (process.env.UNROLLED_CODE_CACHE === '0') return undefined;
  const { size, mtimeMs } = statSync(kernelPath);
  return join(cacheDirectory, `kernel-${process.versions.node}-${process.versions.v8}-${size}-${Math.round(mtimeMs)}.cache`);
}

function readCache(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

function writeCache(script: Script, path: string): void {
  try {
    mkdirSync(cacheDirectory, { recursive: true, mode: 0o700 });
    const partial = `${path}.${process.pid}.partial`;
    writeFileSync(partial, script.createCachedData());
    renameSync(partial, path);
    log(`wrote the code cache ${path}`);
    for (const name of readdirSync(cacheDirectory)) {
      const other = join(cacheDirectory, name);
      if (other !== path && name.startsWith('kernel-')) rmSync(other, { force: true });
    }
  } catch (error) {
    log(`could not write the code cache (${(error as Error).message}); the next start compiles from scratch`);
  }
}

function start(kernelPath: string): void {
  let cachePath: string | undefined;
  try {
    cachePath = cacheFile(kernelPath);
  } catch (error) {
    log(`no code cache (${(error as Error).message})`);
  }
  const cachedData = cachePath ? readCache(cachePath) : undefined;
  const source = readFileSync(kernelPath, 'utf8');
  const script = new Script(Module.wrap(source), { filename: kernelPath, cachedData });
  if (cachePath && (!cachedData || script.cachedDataRejected)) {
    log(cachedData ? 'the code cache did not fit this bundle; writing a new one shortly' : 'no code cache yet; writing one shortly');
    const path = cachePath;
    setTimeout(() => writeCache(script, path), writeCacheAfterMs).unref();
  } else if (cachedData) {
    log('started from the code cache');
  }
  const module = new Module(kernelPath);
  module.filename = kernelPath;
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  run.call(module.exports, module.exports, createRequire(kernelPath), module, kernelPath, dirname(kernelPath));
}

const kernelPath = process.argv[2];
if (!kernelPath) {
  log('usage: node loader.js <path to kernel.js>');
  process.exit(2);
}
start(kernelPath);
