/**
 * The headless runner as users and CI call it: `node bin/unrolled.js run ...` in a real process,
 * with a real kernel process behind it, on notebooks written to a temporary folder.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseNotebook, serializeNotebook, type Cell, type CodeCell, type Notebook } from '../../kernel/notebook/nbformat';

function repositoryRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}

const root = repositoryRoot();
let dir: string;

before(() => {
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--only=kernel,cli'], { cwd: root, stdio: 'pipe' });
  dir = mkdtempSync(join(tmpdir(), 'unrolled-runner-'));
});

after(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function unrolled(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(root, 'bin/unrolled.js'), ...args], { cwd: dir, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

const markdown = (source: string): Cell => ({ cell_type: 'markdown', metadata: {}, source });
const code = (source: string, outputs: CodeCell['outputs'] = []): Cell => ({ cell_type: 'code', metadata: {}, source, execution_count: null, outputs });

function writeNotebook(name: string, cells: Cell[]): string {
  const notebook: Notebook = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: cells.map((cell, i) => ({ ...cell, id: `c${i}` })) };
  const path = join(dir, name);
  writeFileSync(path, serializeNotebook(notebook));
  return path;
}

function snapshot(path: string) {
  return { bytes: readFileSync(path), mtimeMs: statSync(path).mtimeMs };
}

const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4" fill="#c33"/></svg>';

test('a passing notebook writes the executed notebook and an HTML page with its outputs, leaving the input untouched', async () => {
  const input = writeNotebook('passing.seqnb', [
    markdown('# Runner check\n\nThe state $h_t$ carries over.'),
    code('const xs = [1, 2, 3];\nconsole.log("sum", xs.reduce((a, b) => a + b, 0));'),
    code('const bar = display.html("<b>0%</b>");\nawait new Promise((r) => setTimeout(r, 20));\nbar.update("<b>100%</b>");'),
    code(`display.bundle({ "application/vnd.unrolled.test+json": { n: 3 }, "image/svg+xml": ${JSON.stringify(svg)}, "text/plain": "<test picture>" });`),
    code('   \n'),
    code('xs.length * 2'),
  ]);
  const before = snapshot(input);
  const run = await unrolled('run', 'passing.seqnb', '--out', 'out/executed.seqnb', '--html', 'report.html', '--backend', 'cpu');
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^backend: cpu \(kernel started in [\d.]+ s/m);
  assert.match(run.stdout, /^\[1\/4\] cell 2 \.\.\.\n {2}│ sum 6\n\[1\/4\] cell 2 ok \([\d.]+ s\)$/m);
  assert.match(run.stdout, /^\[4\/4\] cell 6 \.\.\. ok \([\d.]+ s\)$/m);
  assert.match(run.stdout, /All 4 code cells of passing\.seqnb ran on the cpu backend/);

  const after = snapshot(input);
  assert.ok(after.bytes.equals(before.bytes), 'the input notebook changed');
  assert.equal(after.mtimeMs, before.mtimeMs);

  const executed = parseNotebook(readFileSync(join(dir, 'out/executed.seqnb')));
  const cells = executed.cells.filter((c): c is CodeCell => c.cell_type === 'code');
  assert.deepEqual(cells.map((c) => c.execution_count), [1, 2, 3, null, 4]);
  assert.deepEqual(cells[0].outputs, [{ output_type: 'stream', name: 'stdout', text: 'sum 6\n' }]);
  assert.equal(cells[1].outputs.length, 1);
  assert.ok(cells[1].outputs[0].output_type === 'display_data');
  assert.equal(cells[1].outputs[0].data['text/html'], '<b>100%</b>', 'the display was updated in place');
  assert.ok(cells[2].outputs[0].output_type === 'display_data');
  assert.equal(cells[2].outputs[0].data['image/svg+xml'], svg);
  const result = cells[4].outputs[0];
  assert.ok(result.output_type === 'execute_result');
  assert.equal(result.execution_count, 4);
  assert.equal(result.data['text/plain'], '6');

  const html = readFileSync(join(dir, 'report.html'), 'utf8');
  assert.match(html, /<h1>Runner check<\/h1>/);
  assert.match(html, /<pre class="stream stdout">sum 6\n<\/pre>/);
  assert.match(html, /<div class="html"><b>100%<\/b><\/div>/);
  assert.ok(html.includes(`<div class="svg"><img alt="&lt;test picture&gt;" src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}"></div>`), 'the SVG fallback is an image of its data');
  assert.match(html, /<pre class="text">6<\/pre>/);
  assert.doesNotMatch(html, /<script|(src|href)="https?:/);
});

test('a failing cell stops the run with a non-zero exit naming the cell, and later cells are not run', async () => {
  const input = writeNotebook('failing.seqnb', [
    markdown('Fails in its third cell.'),
    code('console.log("first cell ran");'),
    code('const limit = 3;'),
    code('// check the limit\nthrow new RangeError(`limit ${limit} exceeded`);'),
    code('console.log("must not run");', [{ output_type: 'stream', name: 'stdout', text: 'stale output from an earlier run\n' }]),
  ]);
  const before = snapshot(input);
  const run = await unrolled('run', 'failing.seqnb', '--out', 'failed.seqnb', '--html', 'failed.html', '--backend', 'cpu');
  assert.equal(run.code, 1);
  assert.match(run.stderr, /^unrolled: cell 4 failed: \/\/ check the limit\n {2}RangeError: limit 3 exceeded\n/m);
  assert.match(run.stderr, /cell 4:2:/, 'the stack points at the line in the cell');
  assert.match(run.stderr, /1 code cell after it was not run\./);
  assert.match(run.stdout, /│ first cell ran/);
  assert.doesNotMatch(run.stdout, /must not run/);
  assert.match(run.stdout, /^\[3\/4\] cell 4 \.\.\. error \(/m);
  assert.ok(snapshot(input).bytes.equals(before.bytes));

  const executed = parseNotebook(readFileSync(join(dir, 'failed.seqnb')));
  const [, , failing, skipped] = executed.cells.filter((c): c is CodeCell => c.cell_type === 'code');
  assert.equal(failing.execution_count, 3);
  assert.ok(failing.outputs[0].output_type === 'error' && failing.outputs[0].ename === 'RangeError' && failing.outputs[0].evalue === 'limit 3 exceeded');
  assert.deepEqual([skipped.execution_count, skipped.outputs], [null, []], 'stale outputs of cells not run are cleared');
  assert.match(readFileSync(join(dir, 'failed.html'), 'utf8'), /<section class="cell code not-run" id="cell-5">/);
});

test('a cell running past --timeout-per-cell is interrupted and named', async () => {
  writeNotebook('slow.seqnb', [code('console.log("waiting forever");\nawait new Promise(() => {});'), code('console.log("after");')]);
  const run = await unrolled('run', 'slow.seqnb', '--timeout-per-cell', '1', '--backend', 'cpu');
  assert.equal(run.code, 1);
  assert.match(run.stderr, /^unrolled: cell 1 failed: console\.log\("waiting forever"\);\n {2}Timeout: the cell ran longer than the 1 s allowed/m);
  assert.doesNotMatch(run.stdout, /│ after/);
});

test('a cell that ends the kernel process is reported as the failed cell', async () => {
  writeNotebook('exits.seqnb', [code('console.log("leaving");\nprocess.exit(3);'), code('console.log("after");')]);
  const run = await unrolled('run', 'exits.seqnb', '--backend', 'cpu');
  assert.equal(run.code, 1);
  assert.match(run.stderr, /^unrolled: cell 1 failed: console\.log\("leaving"\);\n {2}KernelDied: The kernel process ended while cell 1 ran \(exit code 3/m);
  assert.doesNotMatch(run.stdout, /│ after/);
});

test('Ctrl+C interrupts the running cell and exits with status 130', async () => {
  writeNotebook('interrupted.seqnb', [code('console.log("started");\nawait new Promise(() => {});'), code('console.log("after");')]);
  const child = spawn(process.execPath, [join(root, 'bin/unrolled.js'), 'run', 'interrupted.seqnb', '--backend', 'cpu'], { cwd: dir });
  let stdout = '';
  let stderr = '';
  let interrupted = false;
  child.stderr.on('data', (chunk) => (stderr += chunk));
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
    // One Ctrl+C: later chunks still contain the line, and a second SIGINT means "quit at once".
    if (stdout.includes('│ started') && !interrupted) interrupted = child.kill('SIGINT');
  });
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(status, 130, stderr);
  assert.match(stderr, /unrolled: cell 1 failed: console\.log\("started"\);\n {2}Interrupted: the run was interrupted \(Ctrl\+C\)/);
  assert.doesNotMatch(stdout, /│ after/);
});

test('a file that is not a notebook is refused with the problem and position, exit status 2, and left as it was', async () => {
  const path = join(dir, 'broken.seqnb');
  writeFileSync(path, '{\n "nbformat": 4,\n "cells": [\n');
  const before = snapshot(path);
  const run = await unrolled('run', 'broken.seqnb', '--out', 'never.seqnb');
  assert.equal(run.code, 2);
  assert.match(run.stderr, /^unrolled: broken\.seqnb: not valid JSON: .* \(line 4, column 1\)$/m);
  assert.ok(snapshot(path).bytes.equals(before.bytes));
  assert.equal(snapshot(path).mtimeMs, before.mtimeMs);
  assert.equal(existsSync(join(dir, 'never.seqnb')), false);
  const missing = await unrolled('run', 'nowhere.seqnb');
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /nowhere\.seqnb: cannot read the notebook: no such file/);
});

test('--help prints the usage and bad arguments say what was expected', async () => {
  const help = await unrolled('--help');
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: unrolled run LESSON\.seqnb \[options\]/);
  assert.match(help.stdout, /--timeout-per-cell SECS/);
  const bad = await unrolled('run', 'x.seqnb', '--backend', 'gpu');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^unrolled: unknown backend 'gpu'; expected one of auto, tensorflow-gpu, tensorflow, wasm, cpu\nRun 'unrolled --help' for usage\.$/m);
});

test('JSON nested 100,000 levels deep is refused in one line naming the limit, with no stack trace', async () => {
  writeFileSync(join(dir, 'deep.seqnb'), `{"nbformat": 4, "nbformat_minor": 5, "cells": [], "metadata": {"x": ${'['.repeat(100_000)}${']'.repeat(100_000)}}}`);
  const run = await unrolled('run', 'deep.seqnb', '--backend', 'cpu');
  assert.equal(run.code, 2);
  assert.match(run.stderr, /^unrolled: deep\.seqnb: lists and objects are nested more than 256 levels deep; a notebook may nest at most 256 \(lessons need fewer than 10\) \(line 1, column \d+\)\n$/);
});

test('a named pipe as the notebook is refused at once instead of waiting for a writer', { skip: process.platform === 'win32' }, async () => {
  execFileSync('mkfifo', [join(dir, 'pipe.seqnb')]);
  const run = await unrolled('run', 'pipe.seqnb', '--backend', 'cpu');
  assert.equal(run.code, 2);
  assert.equal(run.stderr, 'unrolled: pipe.seqnb: cannot read the notebook: it is a named pipe (FIFO), not a regular file; save the notebook to a file and run that\n');
});

test('--out or --html naming the lesson, also through ./ or a symbolic link, is refused before anything runs', async () => {
  const input = writeNotebook('keep.seqnb', [code('console.log("ran");')]);
  symlinkSync(input, join(dir, 'link.seqnb'));
  const before = snapshot(input);
  for (const args of [['--out', 'keep.seqnb'], ['--out', './sub/../keep.seqnb'], ['--out', join(dir, 'link.seqnb')], ['--html', 'keep.seqnb']]) {
    const run = await unrolled('run', 'keep.seqnb', ...args, '--backend', 'cpu');
    assert.equal(run.code, 2, args.join(' '));
    assert.match(run.stderr, new RegExp(`^unrolled: ${args[0]} .* is the lesson itself; .*\\n$`));
    assert.doesNotMatch(run.stdout, /ran/);
  }
  const same = await unrolled('run', 'keep.seqnb', '--out', 'x.out', '--html', './x.out');
  assert.equal(same.code, 2);
  assert.match(same.stderr, /^unrolled: --out and --html both name x\.out; give the executed notebook and the report different files\n$/);
  const after = snapshot(input);
  assert.ok(after.bytes.equals(before.bytes));
  assert.equal(after.mtimeMs, before.mtimeMs);
});

test('an output that cannot be written is named in one line with the reason, the other output and the summary are still written, and the exit status is 1', async () => {
  writeNotebook('writes.seqnb', [code('console.log("ran");')]);
  mkdirSync(join(dir, 'taken'));
  writeFileSync(join(dir, 'plainfile'), 'not a folder');
  const folder = await unrolled('run', 'writes.seqnb', '--out', 'taken', '--html', 'writes.html', '--backend', 'cpu');
  assert.equal(folder.code, 1);
  assert.equal(folder.stderr, 'unrolled: cannot write the executed notebook to taken: it is a folder (EISDIR)\n');
  assert.match(folder.stdout, /wrote the HTML report to writes\.html\n/);
  assert.match(folder.stdout, /All 1 code cells of writes\.seqnb ran on the cpu backend/);
  assert.match(readFileSync(join(dir, 'writes.html'), 'utf8'), /ran/);
  assert.deepEqual(readdirSync(join(dir, 'taken')), []);

  const notFolder = await unrolled('run', 'writes.seqnb', '--out', 'writes.out.seqnb', '--html', 'plainfile/report.html', '--backend', 'cpu');
  assert.equal(notFolder.code, 1);
  assert.match(notFolder.stderr, /^unrolled: cannot write the HTML report to plainfile\/report\.html: a part of the path is a file, not a folder \((EEXIST|ENOTDIR)\)\n$/);
  assert.equal(parseNotebook(readFileSync(join(dir, 'writes.out.seqnb'))).cells.length, 1);
  assert.deepEqual(readdirSync(dir).filter((name) => name.endsWith('.tmp')), [], 'no temporary file is left behind');
});
