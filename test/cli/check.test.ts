/**
 * `unrolled check` as users and CI call it: `node bin/unrolled.js check ...` in a real process, on
 * the shipped lessons, on the lessons answered with their reference solutions, and on notebooks
 * written to a temporary folder.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseNotebook, serializeNotebook, type Cell, type Notebook } from '../../kernel/notebook/nbformat';
import { answeredNotebook } from '../support/solutionCells';

function repositoryRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}

const root = repositoryRoot();
let dir: string;

before(() => {
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--only=cli'], { cwd: root, stdio: 'pipe' });
  dir = mkdtempSync(join(tmpdir(), 'unrolled-check-'));
});

after(() => rmSync(dir, { recursive: true, force: true }));

function check(...paths: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(root, 'bin/unrolled.js'), 'check', ...paths], { cwd: dir, timeout: 300_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

const markdown = (source: string): Cell => ({ cell_type: 'markdown', metadata: {}, source });
const code = (source: string): Cell => ({ cell_type: 'code', metadata: {}, source, execution_count: null, outputs: [] });

function writeNotebook(name: string, notebook: Notebook | Cell[]): string {
  const full: Notebook = Array.isArray(notebook) ? { nbformat: 4, nbformat_minor: 4, metadata: {}, cells: notebook } : notebook;
  const path = join(dir, name);
  writeFileSync(path, serializeNotebook(full));
  return path;
}

const lessons = readdirSync(join(root, 'lessons')).filter((f) => f.endsWith('.seqnb')).sort();

test('every shipped lesson type-checks without an error', async () => {
  assert.ok(lessons.length >= 11, `expected the eleven lessons, found ${lessons.join(', ')}`);
  const result = await check(...lessons.map((f) => join(root, 'lessons', f)));
  assert.equal(result.stdout, '');
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, new RegExp(`${lessons.length} notebooks: no type errors`));
});

test('every lesson answered with its reference solution type-checks without an error', async () => {
  const solutions = readdirSync(join(root, 'lessons/solutions')).filter((f) => /^lesson\d\d\.ts$/.test(f));
  assert.ok(solutions.length >= 10);
  const paths = solutions.map((solution) => {
    const number = solution.slice('lesson'.length, 'lesson'.length + 2);
    const lesson = lessons.find((f) => f.startsWith(`${number}-`));
    assert.ok(lesson, `no lesson ${number} for ${solution}`);
    const source = readFileSync(join(root, 'lessons/solutions', solution), 'utf8');
    const { notebook, answered } = answeredNotebook(parseNotebook(readFileSync(join(root, 'lessons', lesson))), source);
    // Every exported answer found its exercise cell: a renamed exercise would otherwise go unchecked.
    const exported = [...source.matchAll(/^export (?:function|const) (\w+)/gm)].map((m) => m[1]);
    assert.deepEqual([...new Set(answered)].sort(), [...exported].sort(), `${solution}: answers placed in ${lesson}`);
    return writeNotebook(`answered-${lesson}`, notebook);
  });
  const result = await check(...paths);
  assert.equal(result.stdout, '');
  assert.equal(result.code, 0, result.stderr);
});

test('a type error in the third cell is reported at that cell and line, with exit status 1', async () => {
  const path = writeNotebook('third.seqnb', [
    code('import { LSTM } from "unrolled";\nconst layer = new LSTM({ inputSize: 2, hiddenSize: 3 });'),
    markdown('Some prose between the cells.'),
    code('const size: number = layer.outputSize;\nconst name: string = size;'),
  ]);
  const result = await check(path);
  assert.equal(result.code, 1);
  assert.equal(result.stdout, `${path}: cell 3, line 2, col 7: TS2322 Type 'number' is not assignable to type 'string'.\n`);
  assert.match(result.stderr, /third\.seqnb: 1 type error\n$/);
});

test('a variable of cell 1 used in cell 3, a re-declared const and top-level await report nothing', async () => {
  const path = writeNotebook('clean.seqnb', [
    code('import { tf, GRU } from "unrolled";\nconst model = new GRU({ inputSize: 4, hiddenSize: 8, seed: 1 });\nlet steps = 0;'),
    markdown('# Training'),
    code('const result = model.apply(tf.zeros([2, 5, 4]) as tf.Tensor3D);\nsteps = steps + 1;\nawait Promise.resolve(steps);\nconst model2 = result.last.shape;'),
    code('const model2 = "declared again, as a re-run cell does";\ndisplay.markdown(`${model2}: ${model.cell.hiddenSize}`);'),
  ]);
  const result = await check(path);
  assert.equal(result.stdout, '');
  assert.equal(result.code, 0, result.stderr);
});

test('a file that is not a notebook is refused with exit status 2', async () => {
  writeFileSync(join(dir, 'broken.seqnb'), '{ "cells": [');
  const result = await check(join(dir, 'broken.seqnb'));
  assert.equal(result.code, 2);
  assert.match(result.stderr, /broken\.seqnb/);
});
