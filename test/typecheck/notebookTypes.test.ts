/** The language service over a notebook's cells, against the declarations the build ships (dist/types). */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { NotebookCellText } from '../../kernel/typecheck/cellProgram';
import { NotebookTypes } from '../../kernel/typecheck/notebookTypes';

function repositoryRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}
const root = repositoryRoot();
const typesRoot = join(root, 'dist/types');
const code = (text: string): NotebookCellText => ({ kind: 'code', text });
const markdown = (text: string): NotebookCellText => ({ kind: 'markdown', text });
const folder = join(root, 'lessons');

before(() => {
  execFileSync(process.execPath, [join(root, 'scripts/buildTypes.mjs')], { stdio: 'pipe' });
});

const lesson = [
  code('import { LSTM, tf } from "unrolled";\n/** The layer every later cell probes. */\nconst probe = new LSTM({ inputSize: 2, hiddenSize: 3, seed: 1 });\nlet runs = 0;'),
  markdown('Now we run it.'),
  code('const x = tf.zeros([1, 4, 2]) as tf.Tensor3D;\nrecord();'),
  code('const out = probe.apply(x);\nruns = runs + 1;\nawait Promise.resolve(out.last);'),
  code('const x = 5;\nfunction record() {}\n'),
];

test('a clean notebook has no diagnostics: earlier names, re-declarations, assignments to a let, await and display', () => {
  const types = new NotebookTypes(folder, typesRoot, [...lesson.slice(0, 4), code('display.markdown(`${x} ${runs} ${probe.outputSize}`);')]);
  const found = types.allDiagnostics().filter((d) => d.message !== "Cannot find name 'record'.");
  assert.deepEqual(found.map((d) => `${d.cellIndex}:${d.line}:${d.code}`), []);
  const unused = types.diagnostics(0, { suggestions: true }).filter((d) => d.unnecessary);
  assert.deepEqual(unused, [], 'names used only by later cells are not "never read"');
});

test('a name used before the cell that declares it is an error in the cell and line that use it', () => {
  const types = new NotebookTypes(folder, typesRoot, lesson);
  const found = types.allDiagnostics();
  assert.deepEqual(found.map((d) => [d.cellIndex, d.line, d.column, d.code, d.message]), [[2, 2, 1, 2304, "Cannot find name 'record'."]]);
});

test('errors are attributed to their own cell and line, and follow the cells as they change', () => {
  const types = new NotebookTypes(folder, typesRoot, [code('const n: number = 1;'), markdown('m'), markdown('m'), code('const a = 1;\nconst s: string = n;')]);
  assert.deepEqual(types.allDiagnostics().map((d) => [d.cellIndex, d.line, d.column, d.code]), [[3, 2, 7, 2322]]);
  types.setCells([markdown('m'), code('const a = 1;\nconst s: string = n;')]);
  assert.deepEqual(types.allDiagnostics().map((d) => [d.cellIndex, d.line, d.code]), [[1, 2, 2304]], 'the declaring cell was deleted');
});

test('assigning a const of an earlier cell names that cell', () => {
  const types = new NotebookTypes(folder, typesRoot, [code('const rate = 0.1;'), code('rate = 0.2;')]);
  assert.deepEqual(types.allDiagnostics().map((d) => [d.cellIndex, d.code, d.message]), [[1, 2632, "Cannot assign to 'rate' because it is a const in cell 1."]]);
});

test('completion after a variable of an earlier cell lists the library members', () => {
  const cells = [...lesson.slice(0, 3), code('probe.')];
  const types = new NotebookTypes(folder, typesRoot, cells);
  const names = types.completions(3, 'probe.'.length, '.')!.entries.map((e) => e.name);
  for (const member of ['apply', 'cell', 'trainableVariables', 'dispose']) assert.ok(names.includes(member), `${member} in ${names.join(', ')}`);
  const details = types.completionDetails(3, 'probe.'.length, 'apply');
  assert.match(details!.displayParts.map((p) => p.text).join(''), /apply\(/);
});

test('hover shows the library docs, and an earlier cell variable as declared there', () => {
  const types = new NotebookTypes(folder, typesRoot, lesson);
  const onClass = types.hover(0, lesson[0].text.indexOf('LSTM({') + 1)!;
  assert.match(onClass.signature, /LSTM/);
  assert.match(onClass.documentation, /memory cell/);
  const onProbe = types.hover(3, lesson[3].text.indexOf('probe') + 1)!;
  assert.equal(onProbe.signature, 'const probe: LSTM  // from cell 1');
  assert.match(onProbe.documentation, /The layer every later cell probes/);
});

test('signature help shows the options of new LSTM({ … })', () => {
  const text = 'const layer = new LSTM({ ';
  const types = new NotebookTypes(folder, typesRoot, [lesson[0], code(text)]);
  const help = types.signatureHelp(1, text.length)!;
  const label = help.items[0].parameters.map((p) => p.displayParts.map((d) => d.text).join('')).join(' ');
  assert.match(label, /LSTMCellOptions & RNNOptions/);
});

test('go to definition reaches the declaring cell and the library declaration file', () => {
  const types = new NotebookTypes(folder, typesRoot, lesson);
  const [inCell] = types.definitions(3, lesson[3].text.indexOf('probe') + 1);
  assert.deepEqual(inCell, { kind: 'cell', cellIndex: 0, start: lesson[0].text.indexOf('probe ='), length: 'probe'.length });
  const [inLibrary] = types.definitions(0, lesson[0].text.indexOf('LSTM({') + 1);
  assert.equal(inLibrary.kind, 'file');
  assert.ok(inLibrary.kind === 'file' && inLibrary.fileName.endsWith('dist/types/unrolled/lib/layers/recurrentLayers.d.ts'));
});
