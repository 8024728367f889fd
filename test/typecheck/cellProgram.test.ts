import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CellProgram, type NotebookCellText } from '../../kernel/typecheck/cellProgram';

const code = (text: string): NotebookCellText => ({ kind: 'code', text });
const markdown = (text: string): NotebookCellText => ({ kind: 'markdown', text });
const folder = '/notebooks/lesson';

test('each code cell is a file named by its place among all cells, markdown cells counted but left out', () => {
  const program = new CellProgram(folder, [code('const a = 1;'), markdown('# prose'), code('a + 1')]);
  assert.deepEqual(program.cells.map((c) => [c.cellIndex, c.fileName]), [[0, '/notebooks/lesson/__cell1__.ts'], [2, '/notebooks/lesson/__cell3__.ts']]);
  assert.equal(program.cell(1), undefined);
  assert.equal(program.toProgram(1, 0), undefined);
});

test('positions map from a cell to its file and back, for every offset of the cell', () => {
  const text = 'const total = a + b;\nconsole.log(total);';
  const program = new CellProgram(folder, [code('const a = 1, b = 2;'), code(text)]);
  const cell = program.cell(1)!;
  assert.equal(cell.text.slice(cell.start, cell.start + cell.length), text);
  for (let offset = 0; offset <= text.length; offset++) {
    const at = program.toProgram(1, offset)!;
    assert.equal(at.fileName, cell.fileName);
    if (offset < text.length) assert.equal(cell.text[at.position], text[offset]);
    assert.deepEqual(program.toCell(at.fileName, at.position), { cellIndex: 1, offset });
  }
  assert.equal(program.toCell(cell.fileName, cell.start - 1), undefined, 'the prelude is no place in the cell');
  assert.deepEqual(program.toCell(cell.fileName, cell.text.length - 1), { cellIndex: 1, offset: text.length }, 'the postlude is the cell end');
  assert.equal(program.toCell('/elsewhere/x.ts', 3), undefined);
});

test('a cell imports the names of earlier cells from the latest cell declaring each, and exports its own', () => {
  const program = new CellProgram(folder, [
    code('import { LSTM, tf } from "unrolled";\nconst x = 1;\nlet n = 0;\ntype Model = { name: string };'),
    markdown('between'),
    code('const x = "again";\nfunction f() { return x; }'),
    code('n = n + 1;\nf();'),
  ]);
  const third = program.cell(2)!;
  assert.deepEqual([...third.imports.keys()].sort(), ['LSTM', 'Model', 'n', 'tf'], 'its own x is not imported');
  assert.match(third.text, /^import \{ LSTM, tf, n, Model \} from "\.\/__cell1__";\n/);
  assert.match(third.text, /\n;export \{ x, f \};\n$/);
  const fourth = program.cell(3)!;
  assert.deepEqual(Object.fromEntries([...fourth.imports].map(([name, i]) => [name, [i.fromCell, i.kind]])), {
    LSTM: [0, 'import'],
    tf: [0, 'import'],
    x: [2, 'const'],
    n: [0, 'let'],
    Model: [0, 'type'],
    f: [2, 'function'],
  });
});

test('destructured, hoisted and top-level-await cells declare what the kernel keeps', () => {
  const program = new CellProgram(folder, [
    code('const { a, b: [c, ...rest] } = await Promise.resolve({ a: 1, b: [2, 3] });\nfor (var i = 0; i < 2; i++) {}\nclass Box {}\nenum Colour { Red }'),
    code('var i = 5;\na + c'),
  ]);
  const second = program.cell(1)!;
  assert.deepEqual([...second.imports.keys()].sort(), ['Box', 'Colour', 'a', 'c', 'rest']);
  assert.match(program.cell(0)!.text, /;export \{ a, c, rest, Box, Colour \};/, 'a loop var stays in its cell');
});

test('a deleted or moved cell changes where later cells find its names', () => {
  const cells = [code('const model = 1;'), code('const other = 2;'), code('model + other')];
  assert.deepEqual([...new CellProgram(folder, cells).cell(2)!.imports.keys()], ['model', 'other']);
  const deleted = new CellProgram(folder, [cells[1], cells[2]]);
  assert.deepEqual([...deleted.cell(1)!.imports.keys()], ['other']);
  const moved = new CellProgram(folder, [cells[2], cells[0], cells[1]]);
  assert.deepEqual([...moved.cell(0)!.imports.keys()], [], 'a cell moved to the top sees nothing');
  assert.equal(moved.cell(2)!.imports.get('model')?.fromCell, 1);
});

test('a cell that is one object literal is the object, as the kernel reads it', () => {
  const program = new CellProgram(folder, [code('{ a: 1, b: "two" }')]);
  const cell = program.cell(0)!;
  assert.equal(cell.text[cell.start - 1], '(');
  assert.equal(cell.text[cell.start + cell.length], ')');
});
