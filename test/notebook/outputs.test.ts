import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cellErrorOf, DisplayRegistry, displayIdOf, OutputCollector } from '../../kernel/notebook/outputs';

const collector = (executionCount: number, displays = new DisplayRegistry<number>(), cell = 0) => new OutputCollector(executionCount, displays, cell);

test('consecutive chunks of one stream merge into one output, a change of stream starts another', () => {
  const cell = collector(1);
  const changes = [
    cell.add({ type: 'stream', id: 'e1', name: 'stdout', text: 'step 1\n' }),
    cell.add({ type: 'stream', id: 'e1', name: 'stdout', text: 'step 2\n' }),
    cell.add({ type: 'stream', id: 'e1', name: 'stderr', text: 'slow\n' }),
    cell.add({ type: 'stream', id: 'e1', name: 'stdout', text: 'done' }),
  ];
  assert.deepEqual(cell.outputs, [
    { output_type: 'stream', name: 'stdout', text: 'step 1\nstep 2\n' },
    { output_type: 'stream', name: 'stderr', text: 'slow\n' },
    { output_type: 'stream', name: 'stdout', text: 'done' },
  ]);
  assert.deepEqual(changes.map((change) => change?.type), ['append', 'appendText', 'append', 'append']);
  assert.equal(changes[1]?.type === 'appendText' && changes[1].text, 'step 2\n');
  assert.equal(changes[1]?.type === 'appendText' && changes[1].output, cell.outputs[0]);
});

test('a display keeps its id, and updateDisplay replaces its data in place', () => {
  const cell = collector(2);
  cell.add({ type: 'display', id: 'e2', displayId: 'bar', data: { 'text/html': '<b>0%</b>', 'text/plain': '0%' } });
  cell.add({ type: 'stream', id: 'e2', name: 'stdout', text: 'working\n' });
  const change = cell.add({ type: 'updateDisplay', id: 'e2', displayId: 'bar', data: { 'text/html': '<b>100%</b>', 'text/plain': '100%' } });
  assert.equal(cell.outputs.length, 2);
  assert.deepEqual(cell.outputs[0], {
    output_type: 'display_data',
    data: { 'text/html': '<b>100%</b>', 'text/plain': '100%' },
    metadata: { unrolled: { displayId: 'bar' } },
  });
  assert.deepEqual(change, { type: 'replaceDisplay', cell: 0, output: cell.outputs[0] });
  assert.equal(displayIdOf(cell.outputs[0]), 'bar');
  assert.equal(displayIdOf(cell.outputs[1]), undefined);
});

test('a handle created in one cell and updated from a later cell changes the earlier output and names that cell', () => {
  const displays = new DisplayRegistry<number>();
  const second = collector(1, displays, 2);
  second.add({ type: 'display', id: 'e1', displayId: 'plot', data: { 'text/plain': 'epoch 0' } });
  const fourth = collector(2, displays, 4);
  const change = fourth.add({ type: 'updateDisplay', id: 'e2', displayId: 'plot', data: { 'text/plain': 'epoch 5' } });
  const unknown = fourth.add({ type: 'updateDisplay', id: 'e2', displayId: 'unknown', data: { 'text/plain': 'ignored' } });
  assert.deepEqual(second.outputs[0].output_type === 'display_data' && second.outputs[0].data, { 'text/plain': 'epoch 5' });
  assert.deepEqual(change, { type: 'replaceDisplay', cell: 2, output: second.outputs[0] });
  assert.equal(unknown, undefined);
  assert.deepEqual(fourth.outputs, []);
});

test('an update that arrives after every cell finished goes through the registry to the owning cell', () => {
  const displays = new DisplayRegistry<string>();
  const cell = new OutputCollector(1, displays, 'cell-a');
  cell.add({ type: 'display', id: 'e1', displayId: 'clock', data: { 'text/plain': 'tick 0' } });
  const change = displays.update('clock', { 'text/plain': 'tick 9' });
  assert.equal(change?.cell, 'cell-a');
  assert.deepEqual(cell.outputs[0].output_type === 'display_data' && cell.outputs[0].data, { 'text/plain': 'tick 9' });
});

test('a cell that runs again, or a kernel that restarted, leaves no display to update', () => {
  const displays = new DisplayRegistry<number>();
  collector(1, displays, 1).add({ type: 'display', id: 'e1', displayId: 'a', data: { 'text/plain': 'a' } });
  collector(2, displays, 2).add({ type: 'display', id: 'e2', displayId: 'b', data: { 'text/plain': 'b' } });
  displays.forgetCell(1);
  assert.equal(displays.update('a', { 'text/plain': 'a2' }), undefined);
  assert.equal(displays.update('b', { 'text/plain': 'b2' })?.cell, 2);
  displays.clear();
  assert.equal(displays.update('b', { 'text/plain': 'b3' }), undefined);
});

test('the cell value becomes an execute_result with the execution count', () => {
  const cell = collector(7);
  cell.add({ type: 'result', id: 'e7', data: { 'text/plain': '42' } });
  assert.equal(cell.add({ type: 'done', id: 'e7', status: 'ok', durationMs: 3 }), undefined);
  assert.deepEqual(cell.outputs, [{ output_type: 'execute_result', data: { 'text/plain': '42' }, metadata: {}, execution_count: 7 }]);
});

test('an error keeps name, message and stack lines, and converts back unchanged', () => {
  const cell = collector(3);
  const error = { name: 'ReferenceError', message: 'wrods is not defined', stack: 'ReferenceError: wrods is not defined\n    at cell 4:2:13' };
  cell.add({ type: 'error', id: 'e3', error });
  const [output] = cell.outputs;
  assert.deepEqual(output, { output_type: 'error', ename: 'ReferenceError', evalue: 'wrods is not defined', traceback: ['ReferenceError: wrods is not defined', '    at cell 4:2:13'] });
  assert.ok(output.output_type === 'error');
  assert.deepEqual(cellErrorOf(output), error);
});
