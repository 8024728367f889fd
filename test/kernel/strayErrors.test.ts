import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KernelExitEvent } from '../../kernel/host/kernelClient';
import { onEachBackend, runCell, startKernel, type Kernel } from './harness';

/**
 * Errors of async work nobody awaits (a throw in a timer callback, a rejected promise nobody
 * handles, a background loop stopped by an interrupt) must never end the kernel: each is shown in
 * a cell's stderr with its cell line, and every variable survives.
 */
onEachBackend((backend) => {
  let kernel: Kernel;
  const exits: KernelExitEvent[] = [];
  before(async () => {
    kernel = await startKernel(backend, { interruptGraceMs: 1000 });
    kernel.client.onDidExit((event) => exits.push(event));
    await runCell(kernel.client, 'const keptThroughStrayErrors = "kept";');
  });
  after(async () => {
    await kernel.client.dispose();
  });

  /** The kernel process is the one that started, nothing exited, and the first cell's variable is still there. */
  async function assertSurvived(pid: number): Promise<void> {
    assert.deepEqual(exits, [], kernel.log.join('\n'));
    assert.equal(kernel.client.pid, pid);
    assert.equal((await runCell(kernel.client, 'keptThroughStrayErrors')).result, 'kept');
  }

  test('a throw inside a setTimeout callback is shown in the running cell at its cell line, and the kernel keeps its state', async () => {
    const pid = kernel.client.pid;
    const run = await runCell(kernel.client, 'setTimeout(() => {\n  throw new Error("stray boom");\n}, 10);\nawait new Promise((r) => setTimeout(r, 200));\n"survived"', undefined, 'cell 1');
    assert.equal(run.outcome.status, 'ok', kernel.log.join('\n'));
    assert.equal(run.result, 'survived');
    assert.match(run.stderr, /^Uncaught exception \(from async work a cell started\): Error: stray boom\n\s+at .*\(cell 1:2:9\)/);
    await assertSurvived(pid);
  });

  test('an unhandled promise rejection is shown in the running cell at its cell line, and the kernel keeps its state', async () => {
    const pid = kernel.client.pid;
    const run = await runCell(kernel.client, 'const answer = 42;\nPromise.reject(new RangeError(`stray rejection ${answer}`));\nawait new Promise((r) => setTimeout(r, 200));\n"survived"', undefined, 'cell 2');
    assert.equal(run.result, 'survived', kernel.log.join('\n'));
    assert.match(run.stderr, /^Unhandled promise rejection \(from async work a cell started\): RangeError: stray rejection 42\n\s+at cell 2:2:16/);
    await assertSurvived(pid);
  });

  test('a stray error after its cell finished is shown in the next cell, still at the line that threw', async () => {
    const pid = kernel.client.pid;
    const first = await runCell(kernel.client, 'setTimeout(() => {\n  throw new TypeError("late boom");\n}, 50);\n"scheduled"', undefined, 'cell 3');
    assert.equal(first.result, 'scheduled');
    await new Promise((resolve) => setTimeout(resolve, 400));
    const next = await runCell(kernel.client, '"next"', undefined, 'cell 4');
    assert.equal(next.result, 'next', kernel.log.join('\n'));
    assert.match(next.stderr, /^Uncaught exception \(from async work a cell started\): TypeError: late boom\n\s+at .*\(cell 3:2:9\)/);
    await assertSurvived(pid);
  });

  test('a handler a cell adds that rethrows (as the wasm runtime does) does not end the kernel, and still runs', async () => {
    const pid = kernel.client.pid;
    const run = await runCell(
      kernel.client,
      'let handlerSaw = "";\nprocess.on("uncaughtException", (e) => {\n  handlerSaw = e.message;\n  throw e;\n});\nprocess.once("unhandledRejection", (reason) => {\n  throw new Error(`handler failed on ${reason}`);\n});\nsetTimeout(() => {\n  throw new Error("rethrown boom");\n}, 10);\nPromise.reject("a plain reason");\nawait new Promise((r) => setTimeout(r, 200));\nhandlerSaw',
      undefined,
      'cell 5',
    );
    assert.equal(run.result, 'rethrown boom', kernel.log.join('\n'));
    assert.match(run.stderr, /Uncaught exception \(from async work a cell started\): Error: rethrown boom\n\s+at .*\(cell 5:10:9\)/);
    assert.equal(run.stderr.match(/rethrown boom/g)?.length, 1, 'the rethrown error is reported once');
    assert.match(run.stderr, /Unhandled promise rejection \(from async work a cell started\): Error: handler failed on a plain reason\n\s+at .*\(cell 5:7:9\)/);
    await assertSurvived(pid);
  });

  test('interrupting a cell that started a background async loop stops the loop silently and keeps the kernel', async () => {
    const pid = kernel.client.pid;
    let answer: Promise<string> | undefined;
    const run = await runCell(
      kernel.client,
      'let backgroundTicks = 0;\n(async () => {\n  for (;;) {\n    await new Promise((r) => setTimeout(r, 5));\n    if (++backgroundTicks === 1) console.log("started");\n  }\n})();\nawait new Promise(() => undefined);',
      (message) => {
        if (message.type === 'stream' && message.text.includes('started')) answer = kernel.client.interrupt();
      },
    );
    assert.equal(run.outcome.status, 'interrupted', kernel.log.join('\n'));
    assert.equal(await answer, 'stopped');
    const later = await runCell(kernel.client, 'const ticksAfterInterrupt = backgroundTicks;\nawait new Promise((r) => setTimeout(r, 200));\n[ticksAfterInterrupt > 0, backgroundTicks === ticksAfterInterrupt]');
    assert.equal(later.result, '[ true, true ]');
    assert.equal(later.stderr, '', 'an abandoned loop stopping is expected, not an error');
    await assertSurvived(pid);
  });
});
