import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConsoleProgress, firstLine } from '../../kernel/cli/progress';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  const progress = new ConsoleProgress({ write: (t: string) => out.push(t) }, { write: (t: string) => err.push(t) });
  return { progress, out: () => out.join(''), err: () => err.join('') };
}

test('a silent cell prints its progress on one line', () => {
  const { progress, out } = capture();
  progress.cellStarted(3, 12, 5);
  progress.cellFinished('ok', 1234);
  assert.equal(out(), '[3/12] cell 5 ... ok (1.2 s)\n');
});

test('cell output is indented behind a bar, line by line across chunks, and the cell line is repeated at the end', () => {
  const { progress, out, err } = capture();
  progress.cellStarted(1, 2, 2);
  progress.stream('stdout', 'step 1\nstep');
  progress.stream('stdout', ' 2\n');
  progress.stream('stderr', 'careful\n');
  progress.stream('stdout', 'no newline');
  progress.cellFinished('error', 30);
  assert.equal(out(), '[1/2] cell 2 ...\n  │ step 1\n  │ step 2\n  │ no newline\n[1/2] cell 2 error (0.0 s)\n');
  assert.equal(err(), '  │ careful\n');
});

test('cells are named by their first non-blank line, shortened', () => {
  assert.equal(firstLine('\n\n  const x = 1;\nconst y = 2;'), 'const x = 1;');
  assert.equal(firstLine('x'.repeat(80), 10), 'xxxxxxxxx…');
});
