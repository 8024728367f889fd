/**
 * The cell rewriter (kernel/runtime/transform.ts, topLevel.ts, instrument.ts) pinned rule by rule,
 * without a kernel process: each row is one rule from the top of topLevel.ts or instrument.ts,
 * a cell, and the script it must become (whitespace collapsed). `$` stands for the helpers'
 * global name, `__unrolled_cell`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { transformCell } from '../../kernel/runtime/transform';
import { helpersGlobalName } from '../../kernel/runtime/cellHelpers';

const rules: Array<{ rule: string; cell: string; becomes: string }> = [
  { rule: 'const/let with patterns become assignments of every bound name', cell: 'const x = 1, {a, b: [c]} = o;', becomes: '$.declare(["x", "a", "c"]); x = 1; ({ a, b: [c] } = o);' },
  { rule: '`let x;` starts undefined on every run, `var x;` keeps an earlier value', cell: 'let y;\nvar z;', becomes: '$.declare(["y", "z"]); y = void 0;' },
  { rule: 'a function declaration becomes an assignment hoisted to the top', cell: 'f();\nfunction f() { return 1; }', becomes: '$.declare(["f"]); f = function f() { return 1; }; f();' },
  { rule: 'an async generator keeps its modifiers', cell: 'async function* g() {}', becomes: '$.declare(["g"]); g = async function* g() { };' },
  { rule: 'a class declaration becomes a class expression assigned to its name', cell: 'class A extends B {}', becomes: '$.declare(["A"]); A = class A extends B { };' },
  { rule: 'default and named imports become require with defaultOf and a destructuring', cell: 'import d, { A, B as C } from "m";', becomes: '$.declare(["d", "A", "C"]); d = $.defaultOf($.require("m")); ({ A, B: C } = $.require("m"));' },
  { rule: 'a namespace import becomes require', cell: 'import * as ns from "m";', becomes: '$.declare(["ns"]); ns = $.require("m");' },
  { rule: '`import x = require()` becomes require (before TypeScript drops it)', cell: 'import x = require("m");', becomes: '$.declare(["x"]); x = $.require("m");' },
  { rule: '`import x = N.k` becomes the qualified name', cell: 'namespace N { export const k = 1; }\nimport K = N.k;', becomes: '$.declare(["N", "K"]); (function (N) { N.k = 1; })(N || (N = {})); K = N.k;' },
  { rule: 'type-only imports and type-only names disappear', cell: 'import type { T } from "m";\nimport { type U, V } from "m";', becomes: '$.declare(["V"]); ({ V } = $.require("m"));' },
  { rule: 'a bare import only loads the module', cell: 'import "side-effect";', becomes: '$.require("side-effect");' },
  { rule: '`export` is dropped from declarations, and export lists vanish', cell: 'export const e = 1;\nexport function h() {}\nexport { e as E };', becomes: '$.declare(["e", "h"]); h = function h() { }; e = 1;' },
  { rule: '`export default` becomes a plain expression statement', cell: 'export default 42;', becomes: '42;' },
  { rule: 'the last expression statement is the cell\'s result', cell: 'const q = 1;\nq * 2', becomes: '$.declare(["q"]); q = 1; return q * 2;' },
  { rule: 'a cell that is one object literal means the object', cell: '{ a: 1 }', becomes: 'return ({ a: 1 });' },
  { rule: 'every await passes its value through afterAwait', cell: 'const r = await fetchIt();', becomes: '$.declare(["r"]); r = $.afterAwait(await fetchIt());' },
  { rule: 'dynamic import goes through the kernel\'s module loader', cell: 'const m = await import("m");', becomes: '$.declare(["m"]); m = $.afterAwait(await $.importModule("m"));' },
  {
    rule: 'every loop body starts with an interrupt check',
    cell: 'for (const i of xs) { total += i; }\nwhile (go) step();',
    becomes: 'for (const i of xs) { if ($.flag[0] !== 0) $.interrupted(); total += i; } while (go) { if ($.flag[0] !== 0) $.interrupted(); step(); }',
  },
  { rule: 'nested blocks and functions keep their own declarations', cell: 'function outer() { const inner = 1; return inner; }', becomes: '$.declare(["outer"]); outer = function outer() { const inner = 1; return inner; };' },
];

const collapse = (code: string) => code.replace(/\s+/g, ' ').trim();
const expected = (body: string) => collapse(`(async () => { ${body.replaceAll('$.', `${helpersGlobalName}.`)} })();`);

for (const { rule, cell, becomes } of rules) {
  test(`cell rewrite: ${rule}`, () => {
    const result = transformCell(cell);
    assert.ok(result.ok, JSON.stringify(!result.ok && result.errors));
    assert.equal(collapse(result.cell.code), expected(becomes));
  });
}

test('cell rewrite: a cell wrapped in parentheses reports the one column it added', () => {
  const result = transformCell('{ a: 1 }');
  assert.ok(result.ok);
  assert.equal(result.cell.firstLineShift, 1);
  const plain = transformCell('const a = 1;');
  assert.ok(plain.ok);
  assert.equal(plain.cell.firstLineShift, 0);
});

test('cell rewrite: an await inside a function that is not async is a syntax error at its position in the cell', () => {
  const result = transformCell('const ok = 1;\nfunction bad() { await 1; }');
  assert.deepEqual(result, { ok: false, errors: [{ message: "'await' is only allowed inside async functions and at the top level of a cell.", line: 2, column: 18 }] });
});

test('cell rewrite: a TypeScript syntax error is reported with the cell\'s line and column', () => {
  const result = transformCell('const a = 1;\nconst b = ;');
  assert.ok(!result.ok);
  assert.deepEqual(result.errors.map(({ line, column }) => [line, column]), [[2, 11]]);
});

test('cell rewrite: the source map leads back to the cell\'s own lines', () => {
  const result = transformCell('const a = 1;\nconst b = a + 1;');
  assert.ok(result.ok);
  const map = JSON.parse(result.cell.sourceMap) as { sources: string[]; mappings: string };
  assert.deepEqual(map.sources, ['cell.ts']);
  assert.ok(map.mappings.length > 0);
});
