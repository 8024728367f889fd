import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KernelMessage } from '../../kernel/protocol/messages';
import type { KernelRestartEvent } from '../../kernel/host/kernelClient';
import { onEachBackend, runCell, startKernel, type Kernel } from './harness';

onEachBackend((backend) => {
  let kernel: Kernel;
  const restarts: KernelRestartEvent[] = [];
  before(async () => {
    kernel = await startKernel(backend, { interruptGraceMs: 1000 });
    kernel.client.onDidRestart((event) => restarts.push(event));
  });
  after(async () => {
    await kernel.client.dispose();
  });

  /**
   * Interrupts as soon as the cell prints `marker`; resolves with what `interrupt()` answered. Cells
   * print their marker after the first step of their loop, so the interrupt cannot beat that step.
   */
  function interruptOn(marker: string): { onMessage: (m: KernelMessage) => void; answer: Promise<string> } {
    let answer!: (value: string) => void;
    const promise = new Promise<string>((resolve) => (answer = resolve));
    return {
      onMessage: (message) => {
        if (message.type === 'stream' && message.text.includes(marker)) void kernel.client.interrupt().then(answer);
      },
      answer: promise,
    };
  }

  test('interrupting an async loop stops it and keeps every variable', async () => {
    const pid = kernel.client.pid;
    const interrupt = interruptOn('looping');
    const run = await runCell(kernel.client, 'let ticks = 0;\nwhile (true) {\n  if (++ticks === 1) console.log("looping");\n  await new Promise((r) => setTimeout(r, 5));\n}', interrupt.onMessage);
    assert.equal(run.outcome.status, 'interrupted');
    assert.equal(run.outcome.stateLost, undefined);
    assert.equal(await interrupt.answer, 'stopped');
    assert.equal(kernel.client.pid, pid);
    assert.equal((await runCell(kernel.client, 'ticks > 0')).result, 'true');
  });

  test('interrupting a cell that awaits a long timer stops it and its loop does not go on in the background', async () => {
    const interrupt = interruptOn('sleeping');
    const run = await runCell(kernel.client, 'let wakes = 0;\nconsole.log("sleeping");\nfor (;;) {\n  await new Promise((r) => setTimeout(r, 400));\n  wakes++;\n}', interrupt.onMessage);
    assert.equal(run.outcome.status, 'interrupted');
    assert.equal(await interrupt.answer, 'stopped');
    const now = await runCell(kernel.client, 'const wakesAtInterrupt = wakes;\nawait new Promise((r) => setTimeout(r, 900));\nwakes === wakesAtInterrupt');
    assert.equal(now.result, 'true');
  });

  test('interrupting a synchronous loop in cell code stops it and keeps state', async () => {
    const pid = kernel.client.pid;
    const interrupt = interruptOn('counting');
    const run = await runCell(kernel.client, 'let count = 0;\nwhile (true) if (++count === 1) console.log("counting");', interrupt.onMessage);
    assert.equal(run.outcome.status, 'interrupted');
    assert.equal(await interrupt.answer, 'stopped');
    assert.equal(kernel.client.pid, pid);
    assert.equal((await runCell(kernel.client, 'count > 0')).result, 'true');
  });

  test('while (true) {} in a cell is stopped and the kernel stays usable with its state', async () => {
    await runCell(kernel.client, 'const keptAcrossInterrupt = "kept";');
    const interrupt = interruptOn('forever');
    const run = await runCell(kernel.client, 'console.log("forever");\nwhile (true) {}', interrupt.onMessage);
    assert.equal(run.outcome.status, 'interrupted');
    assert.equal(await interrupt.answer, 'stopped');
    assert.equal((await runCell(kernel.client, 'keptAcrossInterrupt')).result, 'kept');
  });

  test('a library-style loop that polls interruptRequested sees the flag while the main thread is busy, and returns normally', async () => {
    const interrupt = interruptOn('training');
    // The loop lives in code the kernel did not instrument, like a library loop: only the shared flag can stop it.
    const run = await runCell(
      kernel.client,
      'import * as unrolled from "unrolled";\nconst train = new Function("u", "let steps = 0; while (!u.interruptRequested()) { for (let i = 0; i < 1e4; i++) Math.sqrt(i); if (++steps === 1) console.log(\\"training\\"); } return steps;");\nconst steps = train(unrolled);\n"returned normally"',
      interrupt.onMessage,
    );
    assert.equal(run.result, 'returned normally');
    assert.equal(run.outcome.status, 'interrupted', 'a cell whose loop saw the interrupt is reported as interrupted');
    assert.equal(await interrupt.answer, 'stopped');
    assert.equal((await runCell(kernel.client, '[steps > 0, unrolled.interruptRequested()]')).result, '[ true, false ]');
  });

  test('code that cannot be stopped cooperatively is stopped by restarting the kernel, and the user is told state was lost', async () => {
    const before = kernel.client.pid;
    restarts.length = 0;
    const interrupt = interruptOn('blocked');
    const run = await runCell(kernel.client, 'console.log("blocked");\nAtomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);', interrupt.onMessage);
    assert.equal(run.outcome.status, 'interrupted');
    assert.equal(run.outcome.stateLost, true);
    assert.match(run.outcome.message ?? '', /did not stop within 1000 ms of the interrupt, so the kernel was restarted and all variables were lost/);
    assert.equal(await interrupt.answer, 'restarted');
    assert.notEqual(kernel.client.pid, before);
    assert.deepEqual(restarts.map((r) => r.reason), ['interrupt']);
    assert.equal((await runCell(kernel.client, 'typeof keptAcrossInterrupt')).result, 'undefined');
    assert.equal((await runCell(kernel.client, '6 * 7')).result, '42');
  });

  test('an endless loop in uninstrumented code (new Function) is stopped by a restart', async () => {
    const interrupt = interruptOn('stuck');
    const run = await runCell(kernel.client, 'console.log("stuck");\nnew Function("while (true) {}")();', interrupt.onMessage);
    assert.equal(run.outcome.status, 'interrupted');
    assert.equal(run.outcome.stateLost, true);
    assert.equal(await interrupt.answer, 'restarted');
    assert.equal((await runCell(kernel.client, '"alive"')).result, 'alive');
  });

  test('interrupt with nothing running answers idle and changes nothing', async () => {
    const pid = kernel.client.pid;
    assert.equal(await kernel.client.interrupt(), 'idle');
    assert.equal(kernel.client.pid, pid);
  });

  test('a cell calling process.exit is reported as died with the exit code, and the next cell runs on a fresh kernel', async () => {
    const before = kernel.client.pid;
    restarts.length = 0;
    const exits: (number | null)[] = [];
    const subscription = kernel.client.onDidExit((event) => exits.push(event.code));
    const run = await runCell(kernel.client, 'console.log("leaving");\nprocess.exit(3);', undefined, 'cell 40');
    assert.equal(run.outcome.status, 'died');
    assert.equal(run.outcome.stateLost, true);
    assert.match(run.outcome.message ?? '', /\(exit code 3: process\.exit\(3\) was called at cell 40:2:9\); all variables were lost/);
    assert.equal(run.stdout, 'leaving\n', 'output printed before the exit still arrives');
    assert.deepEqual(exits, [3]);
    const next = await runCell(kernel.client, 'process.pid');
    assert.equal(next.outcome.status, 'ok');
    assert.notEqual(kernel.client.pid, before);
    assert.equal(next.result, String(kernel.client.pid));
    assert.deepEqual(restarts.map((r) => r.reason), ['died']);
    subscription.dispose();
  });

  test('an interrupt during which the kernel ends answers died, not stopped, and the cell says what ended it', async () => {
    const before = kernel.client.pid;
    const interrupt = interruptOn('exiting on interrupt');
    const run = await runCell(
      kernel.client,
      'try {\n  console.log("exiting on interrupt");\n  for (;;) await new Promise((r) => setTimeout(r, 5));\n} finally {\n  process.exit(9);\n}',
      interrupt.onMessage,
      'cell 41',
    );
    assert.equal(await interrupt.answer, 'died');
    assert.equal(run.outcome.status, 'died');
    assert.equal(run.outcome.stateLost, true);
    assert.match(run.outcome.message ?? '', /ended while cell 41 ran \(exit code 9: process\.exit\(9\) was called at cell 41:5:11\)/);
    assert.equal((await runCell(kernel.client, '"fresh"')).result, 'fresh');
    assert.notEqual(kernel.client.pid, before);
  });

  test('a kernel killed by a signal is reported as killed by that signal, not as a process.exit call', async () => {
    const exits: { code: number | null; signal: string | null }[] = [];
    const subscription = kernel.client.onDidExit((event) => exits.push({ code: event.code, signal: event.signal }));
    const run = await runCell(kernel.client, 'process.kill(process.pid, "SIGKILL");\nawait new Promise(() => undefined);', undefined, 'cell 42');
    subscription.dispose();
    assert.equal(run.outcome.status, 'died');
    assert.deepEqual(exits, [{ code: null, signal: 'SIGKILL' }]);
    assert.match(run.outcome.message ?? '', /ended while cell 42 ran \(killed by SIGKILL/);
    assert.doesNotMatch(run.outcome.message ?? '', /process\.exit|exit code/);
  });

  test('restart replaces the process and forgets every variable', async () => {
    await runCell(kernel.client, 'const beforeRestart = 1;');
    const pid = kernel.client.pid;
    await kernel.client.restart();
    assert.notEqual(kernel.client.pid, pid);
    assert.equal((await runCell(kernel.client, 'typeof beforeRestart')).result, 'undefined');
  });

  test('cells queue: a second execute waits for the first, and both resolve in order', async () => {
    const order: string[] = [];
    const first = kernel.client.execute('await new Promise((r) => setTimeout(r, 50));\n"first"', { executionCount: 1, cellLabel: 'cell A', onMessage: (m) => m.type === 'result' && order.push('first') });
    const second = kernel.client.execute('"second"', { executionCount: 2, cellLabel: 'cell B', onMessage: (m) => m.type === 'result' && order.push('second') });
    assert.deepEqual([(await first).status, (await second).status], ['ok', 'ok']);
    assert.deepEqual(order, ['first', 'second']);
  });
});
