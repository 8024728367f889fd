import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCommandLine, UsageError } from '../../kernel/cli/arguments';

test('run takes the notebook and the optional outputs, backend and timeout', () => {
  assert.deepEqual(parseCommandLine(['run', 'lesson.seqnb']), { command: 'run', notebook: 'lesson.seqnb', out: undefined, html: undefined, backend: 'auto', timeoutPerCellSeconds: undefined });
  assert.deepEqual(parseCommandLine(['run', 'a.seqnb', '--out', 'x.seqnb', '--html=r.html', '--backend', 'cpu', '--timeout-per-cell', '2.5']), {
    command: 'run',
    notebook: 'a.seqnb',
    out: 'x.seqnb',
    html: 'r.html',
    backend: 'cpu',
    timeoutPerCellSeconds: 2.5,
  });
  assert.deepEqual(parseCommandLine(['--help']), { command: 'help' });
  assert.deepEqual(parseCommandLine(['run', '-h']), { command: 'help' });
});

test('check takes one or more notebooks', () => {
  assert.deepEqual(parseCommandLine(['check', 'a.seqnb']), { command: 'check', notebooks: ['a.seqnb'] });
  assert.deepEqual(parseCommandLine(['check', 'a.seqnb', 'b.seqnb']), { command: 'check', notebooks: ['a.seqnb', 'b.seqnb'] });
});

test('bad command lines are refused saying what was expected', () => {
  const refused = (argv: string[], message: RegExp) => assert.throws(() => parseCommandLine(argv), (e: unknown) => e instanceof UsageError && message.test(e.message));
  refused([], /expected a command: `run LESSON.seqnb` or `check NOTEBOOK.seqnb ...`/);
  refused(['exec', 'a.seqnb'], /unknown command 'exec'; expected 'run' or 'check'/);
  refused(['check'], /expected one or more notebooks after `check`/);
  refused(['check', 'a.seqnb', '--backend', 'cpu'], /`check` takes no options, got --backend/);
  refused(['run'], /expected the notebook to run/);
  refused(['run', 'a.seqnb', 'b.seqnb'], /expected one notebook, got 2/);
  refused(['run', 'a.seqnb', '--backend', 'gpu'], /unknown backend 'gpu'; expected one of auto, tensorflow-gpu, tensorflow, wasm, cpu/);
  refused(['run', 'a.seqnb', '--timeout-per-cell', '0'], /positive number of seconds, got '0'/);
  refused(['run', 'a.seqnb', '--timeout-per-cell', 'soon'], /positive number of seconds, got 'soon'/);
  refused(['run', 'a.seqnb', '--frobnicate'], /Unknown option '--frobnicate'/);
  refused(['run', 'a.seqnb', '--out'], /--out/);
});
