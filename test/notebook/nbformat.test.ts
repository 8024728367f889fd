import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { maxJsonDepth, maxNotebookBytes, NotebookFormatError, parseNotebook, serializeNotebook, type CodeCell } from '../../kernel/notebook/nbformat';
import { splitLines } from '../../kernel/notebook/multiline';

/** The repository root: the test runs bundled from out/test/, so walk up to package.json. */
function repositoryRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}

const root = repositoryRoot();
const fixtures = join(root, 'test/fixtures');

function notebookFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return notebookFiles(path);
    return entry.name.endsWith('.seqnb') ? [path] : [];
  });
}

/** Fixtures written by test/fixtures/make-notebook-fixtures.py with Python's json, as Jupyter writes. */
const canonicalFiles = [...notebookFiles(join(root, 'lessons')), ...notebookFiles(fixtures)];

test('there are lessons and fixtures to round-trip', () => {
  assert.ok(canonicalFiles.some((f) => f.includes('/lessons/')), 'no lesson found');
  assert.ok(canonicalFiles.some((f) => f.endsWith('all-outputs.seqnb')), 'fixture missing');
});

for (const file of canonicalFiles) {
  test(`${relative(root, file)} is written back byte for byte after reading`, () => {
    const bytes = readFileSync(file);
    const written = serializeNotebook(parseNotebook(bytes, file));
    assert.equal(Buffer.from(written).toString('utf8'), bytes.toString('utf8'));
    assert.ok(Buffer.from(written).equals(bytes));
  });
}

test('reading joins lines and keeps ids, metadata, attachments and every output kind', () => {
  const notebook = parseNotebook(readFileSync(join(fixtures, 'all-outputs.seqnb')));
  assert.equal(notebook.nbformat_minor, 5);
  assert.equal(notebook.metadata.language_info && (notebook.metadata.language_info as { name: string }).name, 'typescript');
  const [markdown, streams, displays, failure, raw, empty] = notebook.cells;
  assert.equal(markdown.cell_type, 'markdown');
  assert.equal(markdown.id, 'md-1');
  assert.match(markdown.source, /^# Every output kind\n\nUnicode: é, ∑, 😀/);
  assert.ok(markdown.cell_type === 'markdown' && typeof markdown.attachments?.['dot.png']['image/png'] === 'string');
  const code = streams as CodeCell;
  assert.equal(code.execution_count, 1);
  assert.equal(code.source, 'console.log("step 1");\r\nconsole.log("step 2");\n\tconsole.error("warning: slow backend");');
  assert.deepEqual(
    code.outputs.map((o) => (o.output_type === 'stream' ? [o.name, o.text] : o.output_type)),
    [
      ['stdout', 'step 1\nstep 2\n'],
      ['stderr', 'warning: slow backend\n'],
      ['stdout', 'no newline at end'],
    ],
  );
  const rich = (displays as CodeCell).outputs;
  assert.deepEqual(rich.map((o) => o.output_type), ['display_data', 'display_data', 'display_data', 'execute_result']);
  assert.ok(rich[0].output_type === 'display_data' && rich[0].data['text/html'] === '<b>50%</b>\n<progress value="5" max="10"></progress>');
  assert.ok(rich[3].output_type === 'execute_result' && rich[3].execution_count === 2);
  assert.deepEqual(rich[3].output_type === 'execute_result' && rich[3].data['application/json'], { loss: 0.25, steps: [1, 2, 3], nested: { b: 1, a: null } });
  const error = (failure as CodeCell).outputs[0];
  assert.ok(error.output_type === 'error' && error.ename === 'ReferenceError' && error.traceback.length === 3);
  assert.equal(raw.cell_type, 'raw');
  assert.equal(empty.source, '');
});

test('splitting lines follows Python splitlines(keepends=True)', () => {
  assert.deepEqual(splitLines(''), []);
  assert.deepEqual(splitLines('a'), ['a']);
  assert.deepEqual(splitLines('a\n'), ['a\n']);
  assert.deepEqual(splitLines('a\r\nb\rc\u2028d\n\ne'), ['a\r\n', 'b\r', 'c\u2028', 'd\n', '\n', 'e']);
});

function problemOf(text: string | Uint8Array): NotebookFormatError {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  try {
    parseNotebook(bytes, 'broken.seqnb');
  } catch (error) {
    assert.ok(error instanceof NotebookFormatError, `expected a NotebookFormatError, got ${String(error)}`);
    return error;
  }
  assert.fail('the notebook was accepted');
}

test('invalid JSON is refused with the problem and its line and column', () => {
  const error = problemOf('{\n "cells": [],\n "nbformat": 4\n "nbformat_minor": 5\n}\n');
  assert.match(error.problem, /^not valid JSON: Expected ',' or '}' after property value/);
  assert.deepEqual(error.position, { line: 4, column: 2 });
  assert.equal(error.message, `broken.seqnb: ${error.problem} (line 4, column 2)`);
});

test('an unexpected token that V8 reports without a position still gets one', () => {
  const error = problemOf('{\n "cells": [\n  tru\n ]\n}');
  assert.match(error.problem, /^not valid JSON: Unexpected token/);
  assert.deepEqual(error.position, { line: 3, column: 3 });
});

test('a truncated file is refused at its end', () => {
  const error = problemOf('{\n "cells": [\n');
  assert.match(error.problem, /ends before the JSON value is complete/);
  assert.deepEqual(error.position, { line: 3, column: 1 });
});

test('a notebook of another nbformat, or none, is refused naming the version', () => {
  assert.match(problemOf('{"nbformat": 3, "nbformat_minor": 0, "worksheets": []}').message, /nbformat 3 is not supported; expected nbformat 4/);
  assert.match(problemOf('{"cells": []}').message, /missing 'nbformat': expected 4/);
  assert.match(problemOf('[1, 2]').message, /expected a JSON object .* found a list/);
  assert.match(problemOf('{"nbformat": 4, "cells": []}').message, /expected 'nbformat_minor' to be a non-negative integer, found nothing/);
});

test('missing or malformed cells are refused with the cell and its position', () => {
  assert.match(problemOf('{"nbformat": 4, "nbformat_minor": 5, "metadata": {}}').problem, /expected 'cells' to be a list of cells, found nothing/);
  assert.match(problemOf('{"nbformat": 4, "nbformat_minor": 5, "cells": {}}').problem, /expected 'cells' to be a list of cells, found an object/);
  const unknown = problemOf('{"nbformat": 4, "nbformat_minor": 5, "cells": [\n {"cell_type": "markdown", "source": ""},\n {"cell_type": "heading", "source": "x"}\n]}');
  assert.equal(unknown.problem, `cell 2: unknown cell_type "heading"; expected 'markdown', 'code' or 'raw'`);
  assert.deepEqual(unknown.position, { line: 3, column: 16 });
  assert.match(problemOf('{"nbformat": 4, "nbformat_minor": 5, "cells": [{"cell_type": "code"}]}').problem, /^cell 1: missing 'source'$/);
  const output = problemOf('{"nbformat": 4, "nbformat_minor": 5, "cells": [{"cell_type": "code", "source": "", "outputs": [{"output_type": "pager"}]}]}');
  assert.match(output.problem, /^cell 1, output 1: unknown output_type "pager"/);
});

test('an empty or non-UTF-8 file is refused', () => {
  assert.match(problemOf('  \n').problem, /file is empty/);
  assert.match(problemOf(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])).problem, /not UTF-8/);
});

test('a 50 MB file is refused with its size and the limit, and the file is left unchanged', () => {
  const dir = mkdtempSync(join(tmpdir(), 'unrolled-nbformat-'));
  try {
    const path = join(dir, 'huge.seqnb');
    const padding = 'x'.repeat(50 * 1024 * 1024);
    writeFileSync(path, `{"nbformat": 4, "nbformat_minor": 5, "metadata": {"padding": "${padding}"}, "cells": []}\n`);
    const before = statSync(path);
    const bytes = readFileSync(path);
    const error = problemOf(bytes);
    assert.match(error.problem, /^file is 50\.0 MiB, larger than the 32\.0 MiB a notebook may be/);
    assert.equal(maxNotebookBytes, 32 * 1024 * 1024);
    const after = statSync(path);
    assert.equal(after.mtimeMs, before.mtimeMs);
    assert.equal(after.size, before.size);
    assert.ok(readFileSync(path).equals(bytes));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('malformed files on disk keep their bytes and modification time after a failed read', () => {
  const dir = mkdtempSync(join(tmpdir(), 'unrolled-nbformat-'));
  try {
    const cases = { 'invalid.seqnb': '{"cells": [', 'v3.seqnb': '{"nbformat": 3}', 'nocells.seqnb': '{"nbformat": 4, "nbformat_minor": 5}' };
    for (const [name, text] of Object.entries(cases)) {
      const path = join(dir, name);
      writeFileSync(path, text);
      const before = statSync(path).mtimeMs;
      assert.throws(() => parseNotebook(readFileSync(path), name), NotebookFormatError);
      assert.equal(readFileSync(path, 'utf8'), text);
      assert.equal(statSync(path).mtimeMs, before);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a notebook in another layout is normalised to the canonical one and then stays stable', () => {
  const loose = '{"nbformat":4,"nbformat_minor":5,"metadata":{},"cells":[{"cell_type":"code","id":"a","metadata":{},"source":"x = 1\\ny","outputs":[],"execution_count":null}]}';
  const once = serializeNotebook(parseNotebook(new TextEncoder().encode(loose)));
  const text = new TextDecoder().decode(once);
  assert.match(text, /"source": \[\n {4}"x = 1\\n",\n {4}"y"\n {3}\]/);
  assert.ok(Buffer.from(serializeNotebook(parseNotebook(once))).equals(Buffer.from(once)));
});

/** `depth` lists inside one another, e.g. 2 → `[[]]`. */
const nestedLists = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const withMetadata = (value: string) => `{"nbformat": 4, "nbformat_minor": 5, "cells": [],\n "metadata": {"deep": ${value}}}`;

test('JSON nested 100,000 levels deep is refused naming the nesting limit, at the top level and inside metadata', () => {
  for (const text of [nestedLists(100_000), withMetadata(nestedLists(100_000))]) {
    const error = problemOf(text);
    assert.equal(error.problem, `lists and objects are nested more than ${maxJsonDepth} levels deep; a notebook may nest at most ${maxJsonDepth} (lessons need fewer than 10)`);
    assert.equal(error.message.includes('\n'), false);
  }
  // The notebook object and "metadata" are two levels, "deep" starts the third: the first list past the limit is number maxJsonDepth − 1.
  assert.deepEqual(problemOf(withMetadata(nestedLists(100_000))).position, { line: 2, column: ' "metadata": {"deep": '.length + maxJsonDepth - 1 });
});

test('nesting up to the limit is read, copied and written back; brackets inside strings do not count', () => {
  const atLimit = withMetadata(nestedLists(maxJsonDepth - 2));
  const notebook = parseNotebook(new TextEncoder().encode(atLimit));
  const copy = structuredClone(notebook);
  const written = serializeNotebook(copy);
  assert.deepEqual(parseNotebook(written), notebook);
  const brackets = withMetadata(JSON.stringify('[{'.repeat(1000) + '\\"[['));
  assert.equal(parseNotebook(new TextEncoder().encode(brackets)).metadata.deep, '[{'.repeat(1000) + '\\"[[');
  assert.match(problemOf(withMetadata(nestedLists(maxJsonDepth - 1))).problem, /nested more than 256 levels deep/);
});

test('a notebook holding a value nested deeper than the limit is refused by the writer with a message, not a stack overflow', () => {
  let deep: unknown = 1;
  for (let i = 0; i < 100_000; i++) deep = [deep];
  const notebook = parseNotebook(new TextEncoder().encode('{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": []}'));
  notebook.metadata.deep = deep as never;
  assert.throws(() => serializeNotebook(notebook), (error: Error) => {
    assert.equal(error.name, 'TypeError');
    assert.match(error.message, new RegExp(`^cannot write a value nested more than ${maxJsonDepth} levels deep in a notebook \\(under metadata\\.deep\\[0\\]\\[0\\]\\[0\\]\\[0\\]…\\)`));
    return true;
  });
});

test('a // comment or a NaN, Infinity or single-quoted value is one line naming what JSON lacks, with its position', () => {
  const padding = `"padding": "${'x'.repeat(200)}",\n`;
  const cases = [
    { text: `{\n ${padding} "cells": [ // the cells\n ]}`, at: '//', hint: 'JSON has no comments; remove the // or /* */ comment' },
    { text: `{\n ${padding} "metadata": {"a": 1, /* note */ "b": 2}}`, at: '/*', hint: 'JSON has no comments' },
    { text: `{\n ${padding} "metadata": {"loss": NaN}}`, at: 'NaN', hint: 'JSON has no NaN or Infinity; write null or a number instead' },
    { text: `{\n ${padding} "metadata": {"loss": [1, -Infinity]}}`, at: 'Infinity', hint: 'JSON has no NaN or Infinity' },
    { text: `{\n ${padding} "metadata": {"name": 'x'}}`, at: "'x'", hint: 'JSON strings take double quotes' },
    { text: '{"cells": [NaN]}', at: 'NaN', hint: 'JSON has no NaN or Infinity' },
  ];
  for (const { text, at, hint } of cases) {
    const error = problemOf(text);
    assert.equal(error.message.includes('\n'), false, error.message);
    assert.ok(!error.message.includes('xxxx') && !error.message.includes('is not valid JSON'), `the file's text is left out: ${error.message}`);
    assert.ok(error.problem.startsWith('not valid JSON: ') && error.problem.includes(hint), error.problem);
    assert.deepEqual(error.position, positionOf(text, text.indexOf(at)), text);
  }
});

/** 1-based line and column of a character offset, counted here independently of the reader. */
function positionOf(text: string, offset: number): { line: number; column: number } {
  const lines = text.slice(0, offset).split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

test('a problem with a key written twice points at the second one, the value JSON.parse keeps', () => {
  const error = problemOf('{\n "cells": [],\n "nbformat": 4,\n "nbformat_minor": 5,\n "cells": 3\n}');
  assert.equal(error.problem, "expected 'cells' to be a list of cells, found 3");
  assert.deepEqual(error.position, { line: 5, column: 11 });
  const text = '{"nbformat": 4, "nbformat_minor": 5, "cells": [\n {"cell_type": "code", "source": "", "cell_type": "heading"}]}';
  const cell = problemOf(text);
  assert.match(cell.problem, /^cell 1: unknown cell_type "heading"/);
  assert.deepEqual(cell.position, positionOf(text, text.indexOf('"heading"')));
});
