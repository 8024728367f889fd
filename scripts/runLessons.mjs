// Runs every lesson top to bottom with the headless runner (the kernel VS Code uses), writing the
// executed notebooks and HTML reports to out/lessons/, and prints how long each took. Exits
// non-zero naming the lessons that failed. Extra arguments go to `unrolled run` (e.g. --backend cpu).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'out', 'lessons');
mkdirSync(outDir, { recursive: true });
const only = process.argv.slice(2).filter((a) => a.endsWith('.seqnb'));
const passThrough = process.argv.slice(2).filter((a) => !a.endsWith('.seqnb'));
const lessons = (only.length ? only.map((p) => basename(p)) : readdirSync(join(root, 'lessons')).filter((f) => f.endsWith('.seqnb')).sort());
const results = [];
for (const lesson of lessons) {
  const name = lesson.replace(/\.seqnb$/, '');
  const started = Date.now();
  console.log(`\n=== ${lesson}`);
  const run = spawnSync(
    process.execPath,
    [join(root, 'bin', 'unrolled.js'), 'run', join(root, 'lessons', lesson), '--out', join(outDir, `${name}.seqnb`), '--html', join(outDir, `${name}.html`), ...passThrough],
    { stdio: 'inherit' },
  );
  results.push({ lesson, ok: run.status === 0, seconds: (Date.now() - started) / 1000 });
}
console.log('\nlesson                                   result   time');
for (const r of results) console.log(`${r.lesson.padEnd(40)} ${r.ok ? 'ok    ' : 'FAILED'} ${r.seconds.toFixed(1).padStart(6)} s`);
const total = results.reduce((s, r) => s + r.seconds, 0);
console.log(`total ${total.toFixed(1)} s`);
const failed = results.filter((r) => !r.ok);
if (failed.length) {
  console.error(`failed: ${failed.map((r) => r.lesson).join(', ')}`);
  process.exit(1);
}
