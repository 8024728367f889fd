import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DisplayDataOutput } from '../../kernel/notebook/nbformat';
import { cellErrorOf, displayIdOf, OutputCollector } from '../../kernel/notebook/outputs';

test('consecutive chunks of one stream merge into one output, a change of stream starts another', () => {
  const cell = new OutputCollector(1);
  cell.add({ type: 'stream', id: 'e1', name: 'stdout', text: 'step 1\n' });
  cell.add({ type: 'stream', id: 'e1', name: 'stdout', text: 'step 2\n' });
  cell.add({ type: 'stream', id: 'e1', name: 'stderr', text: 'slow\n' });
  cell.add({ type: 'stream', id: 'e1', name: 'stdout', text: 'done' });
  assert.deepEqual(cell.outputs, [
    { output_type: 'stream', name: 'stdout', text: 'step 1\nstep 2\n' },
    { output_type: 'stream', name: 'stderr', text: 'slow\n' },
    { output_type: 'stream', name: 'stdout', text: 'done' },
  ]);
});

test('a display keeps its id, and updateDisplay replaces its data in place', () => {
  const cell = new OutputCollector(2);
  cell.add({ type: 'display', id: 'e2', displayId: 'bar', data: { 'text/html': '<b>0%</b>', 'text/plain': '0%' } });
  cell.add({ type: 'stream', id: 'e2', name: 'stdout', text: 'working\n' });
  cell.add({ type: 'updateDisplay', id: 'e2', displayId: 'bar', data: { 'text/html': '<b>100%</b>', 'text/plain': '100%' } });
  assert.equal(cell.outputs.length, 2);
  assert.deepEqual(cell.outputs[0], {
    output_type: 'display_data',
    data: { 'text/html': '<b>100%</b>', 'text/plain': '100%' },
    metadata: { unrolled: { displayId: 'bar' } },
  });
  assert.equal(displayIdOf(cell.outputs[0]), 'bar');
  assert.equal(displayIdOf(cell.outputs[1]), undefined);
});

test('a handle created in one cell and updated from a later cell changes the earlier output', () => {
  const displays = new Map<string, DisplayDataOutput>();
  const first = new OutputCollector(1, displays);
  first.add({ type: 'display', id: 'e1', displayId: 'plot', data: { 'text/plain': 'epoch 0' } });
  const second = new OutputCollector(2, displays);
  second.add({ type: 'updateDisplay', id: 'e2', displayId: 'plot', data: { 'text/plain': 'epoch 5' } });
  second.add({ type: 'updateDisplay', id: 'e2', displayId: 'unknown', data: { 'text/plain': 'ignored' } });
  assert.deepEqual(first.outputs[0].output_type === 'display_data' && first.outputs[0].data, { 'text/plain': 'epoch 5' });
  assert.deepEqual(second.outputs, []);
});

test('the cell value becomes an execute_result with the execution count', () => {
  const cell = new OutputCollector(7);
  cell.add({ type: 'result', id: 'e7', data: { 'text/plain': '42' } });
  cell.add({ type: 'done', id: 'e7', status: 'ok', durationMs: 3 });
  assert.deepEqual(cell.outputs, [{ output_type: 'execute_result', data: { 'text/plain': '42' }, metadata: {}, execution_count: 7 }]);
});

test('an error keeps name, message and stack lines, and converts back unchanged', () => {
  const cell = new OutputCollector(3);
  const error = { name: 'ReferenceError', message: 'wrods is not defined', stack: 'ReferenceError: wrods is not defined\n    at cell 4:2:13' };
  cell.add({ type: 'error', id: 'e3', error });
  const [output] = cell.outputs;
  assert.deepEqual(output, { output_type: 'error', ename: 'ReferenceError', evalue: 'wrods is not defined', traceback: ['ReferenceError: wrods is not defined', '    at cell 4:2:13'] });
  assert.ok(output.output_type === 'error');
  assert.deepEqual(cellErrorOf(output), error);
});
