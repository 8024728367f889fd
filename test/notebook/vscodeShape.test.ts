import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseNotebook, serializeNotebook, type CodeCell, type Notebook } from '../../kernel/notebook/nbformat';
import { CellKind, defaultLanguage, errorMime, notebookToShape, shapeToNotebook, shapeToOutputs, streamMimes, type NotebookShape } from '../../kernel/notebook/vscodeShape';

function repositoryRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}

const root = repositoryRoot();
const fixtures = join(root, 'test/fixtures');
const text = (s: string) => new TextEncoder().encode(s);
const decode = (b: Uint8Array) => new TextDecoder().decode(b);

function notebookFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return notebookFiles(path);
    return entry.name.endsWith('.seqnb') ? [path] : [];
  });
}

/** What VS Code does to the data between deserialize and serialize: a structured copy. */
function throughVsCode(shape: NotebookShape): NotebookShape {
  return structuredClone(shape);
}

for (const file of [...notebookFiles(join(root, 'lessons')), ...notebookFiles(fixtures)]) {
  test(`${relative(root, file)} survives the VS Code mapping byte for byte`, () => {
    const bytes = readFileSync(file);
    const back = serializeNotebook(shapeToNotebook(throughVsCode(notebookToShape(parseNotebook(bytes)))));
    assert.equal(decode(back), bytes.toString('utf8'));
  });
}

const allOutputs = (): Notebook => parseNotebook(readFileSync(join(fixtures, 'all-outputs.seqnb')));

test('cells map to VS Code kinds and languages, with execution order from the count', () => {
  const shape = notebookToShape(allOutputs());
  assert.deepEqual(
    shape.cells.map((c) => [c.kind, c.languageId, c.executionSummary?.executionOrder]),
    [
      [CellKind.Markup, 'markdown', undefined],
      [CellKind.Code, defaultLanguage, 1],
      [CellKind.Code, defaultLanguage, 2],
      [CellKind.Code, defaultLanguage, 3],
      [CellKind.Code, 'raw', undefined],
      [CellKind.Code, defaultLanguage, undefined],
    ],
  );
  assert.equal(shape.cells[0].metadata?.id, 'md-1');
  assert.equal(shape.metadata?.nbformat_minor, 5);
  const carried = shape.cells.flatMap((c) => c.outputs ?? []).filter((o) => o.metadata?.originalOutput);
  assert.deepEqual(carried, [], 'every fixture output is reproduced from its items alone');
});

test('outputs use the MIME types VS Code renders: stdout/stderr, error JSON, images as bytes', () => {
  const shape = notebookToShape(allOutputs());
  const streams = shape.cells[1].outputs ?? [];
  assert.deepEqual(streams.map((o) => [o.items[0].mime, decode(o.items[0].data)]), [
    [streamMimes.stdout, 'step 1\nstep 2\n'],
    [streamMimes.stderr, 'warning: slow backend\n'],
    [streamMimes.stdout, 'no newline at end'],
  ]);
  const rich = shape.cells[2].outputs ?? [];
  assert.deepEqual(rich[0].items.map((i) => i.mime), ['text/html', 'text/plain']);
  assert.deepEqual(rich[1].items.map((i) => i.mime), ['application/vnd.unrolled.plot+json', 'image/svg+xml', 'text/plain']);
  assert.deepEqual(JSON.parse(decode(rich[1].items[0].data)), { kind: 'line', x: [0, 1, 2], y: [0.5, 0.25, 0.125] });
  const png = rich[2].items[0];
  assert.equal(png.mime, 'image/png');
  assert.deepEqual([...png.data.slice(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  assert.equal(rich[3].metadata?.executionCount, 2);
  const [error] = shape.cells[3].outputs ?? [];
  assert.equal(error.items[0].mime, errorMime);
  assert.deepEqual(JSON.parse(decode(error.items[0].data)), {
    name: 'ReferenceError',
    message: 'wrods is not defined',
    stack: 'ReferenceError: wrods is not defined\n    at cell 4:2:13\n\u001b[31mcoloured\u001b[0m',
  });
});

test('outputs written live by the controller, without nbformat metadata, become the right nbformat outputs', () => {
  assert.deepEqual(
    shapeToOutputs({ items: [{ mime: streamMimes.stdout, data: text('a\n') }, { mime: streamMimes.stdout, data: text('b\n') }, { mime: streamMimes.stderr, data: text('!') }] }, 4),
    [
      { output_type: 'stream', name: 'stdout', text: 'a\nb\n' },
      { output_type: 'stream', name: 'stderr', text: '!' },
    ],
  );
  assert.deepEqual(shapeToOutputs({ items: [{ mime: 'text/html', data: text('<i>x</i>') }], metadata: { unrolled: { displayId: 'd9' } } }, 4), [
    { output_type: 'display_data', data: { 'text/html': '<i>x</i>' }, metadata: { unrolled: { displayId: 'd9' } } },
  ]);
  assert.deepEqual(shapeToOutputs({ items: [{ mime: 'application/json', data: text('[1,2]') }, { mime: 'text/plain', data: text('[1, 2]') }] }, 4), [
    { output_type: 'execute_result', data: { 'application/json': [1, 2], 'text/plain': '[1, 2]' }, metadata: {}, execution_count: 4 },
  ]);
  assert.deepEqual(shapeToOutputs({ items: [{ mime: errorMime, data: text(JSON.stringify({ name: 'TypeError', message: 'x', stack: 'TypeError: x\n    at cell 1:1:1' })) }] }, 4), [
    { output_type: 'error', ename: 'TypeError', evalue: 'x', traceback: ['TypeError: x', '    at cell 1:1:1'] },
  ]);
});

test('an output that its items cannot reproduce exactly travels in full, and is dropped once its items change', () => {
  const nb = allOutputs();
  const cell = nb.cells[1] as CodeCell;
  cell.outputs = [{ output_type: 'error', ename: 'E', evalue: 'v', traceback: ['line one\nstill line one', 'two'] }];
  const shape = notebookToShape(nb);
  const output = shape.cells[1].outputs?.[0];
  assert.ok(output?.metadata?.originalOutput, 'original output kept');
  assert.deepEqual((shapeToNotebook(throughVsCode(shape)).cells[1] as CodeCell).outputs, cell.outputs);
  output.items = [{ mime: errorMime, data: text(JSON.stringify({ name: 'E', message: 'changed', stack: '' })) }];
  assert.deepEqual((shapeToNotebook(shape).cells[1] as CodeCell).outputs, [{ output_type: 'error', ename: 'E', evalue: 'changed', traceback: [] }]);
});

test('cells added in VS Code get fresh unique ids; a pasted copy does not keep its twin id', () => {
  const shape = notebookToShape(allOutputs());
  shape.cells.push({ kind: CellKind.Code, value: 'const y = 2;', languageId: 'typescript' });
  shape.cells.push({ ...shape.cells[1], metadata: { ...shape.cells[1].metadata } });
  const nb = shapeToNotebook(shape);
  const ids = nb.cells.map((c) => c.id);
  assert.equal(new Set(ids).size, ids.length);
  assert.equal(ids[1], 'code-1');
  assert.match(String(ids[6]), /^[0-9a-f]{8}$/);
  assert.deepEqual(nb.cells[6], { cell_type: 'code', id: ids[6], metadata: {}, source: 'const y = 2;', execution_count: null, outputs: [] });
});

test('a code cell switched to another language keeps it in metadata.vscode.languageId and back', () => {
  const shape = notebookToShape(allOutputs());
  shape.cells[1].languageId = 'javascript';
  const nb = shapeToNotebook(shape);
  assert.deepEqual(nb.cells[1].metadata.vscode, { languageId: 'javascript' });
  const again = notebookToShape(nb);
  assert.equal(again.cells[1].languageId, 'javascript');
  again.cells[1].languageId = 'typescript';
  assert.equal(shapeToNotebook(again).cells[1].metadata.vscode, undefined);
});

test('a cell turned from markdown into code drops its attachments, which code cells cannot have', () => {
  const shape = notebookToShape(allOutputs());
  shape.cells[0] = { ...shape.cells[0], kind: CellKind.Code, languageId: 'typescript' };
  const cell = shapeToNotebook(shape).cells[0];
  assert.equal(cell.cell_type, 'code');
  assert.equal('attachments' in cell, false);
  assert.equal(cell.id, 'md-1');
});
