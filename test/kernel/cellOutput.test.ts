import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { messageOf, onEachBackend, runCell, startKernel, type Kernel } from './harness';

onEachBackend((backend) => {
  let kernel: Kernel;
  const scratch = mkdtempSync(join(tmpdir(), 'unrolled-kernel-test-'));
  before(async () => {
    kernel = await startKernel(backend);
  });
  after(async () => {
    await kernel.client.dispose();
    rmSync(scratch, { recursive: true, force: true });
  });

  test('console output streams in call order, stdout and stderr interleaved, all before done', async () => {
    const run = await runCell(kernel.client, 'console.log("one", { n: 1 });\nconsole.error("two");\nconsole.info("three");\nconsole.warn("four");\nprocess.stdout.write("five\\n");\nconsole.table([{ a: 1 }]);');
    const streams = run.messages.filter((m) => m.type === 'stream').map((m) => (m.type === 'stream' ? `${m.name}:${m.text.split('\n')[0]}` : ''));
    assert.deepEqual(streams.slice(0, 5), ['stdout:one { n: 1 }', 'stderr:two', 'stdout:three', 'stderr:four', 'stdout:five']);
    assert.match(run.stdout, /│ \(index\) │ a │/);
    assert.equal(run.messages[run.messages.length - 1].type, 'done');
  });

  test('output reaches the host while an awaiting cell is still running', async () => {
    // The cell only finishes once the host has seen its first line: output sent at the end would deadlock.
    const release = join(scratch, 'release-async');
    const run = await runCell(
      kernel.client,
      `import { existsSync } from "node:fs";\nconsole.log("waiting");\nwhile (!existsSync(${JSON.stringify(release)})) await new Promise((r) => setTimeout(r, 10));\n"released"`,
      (message) => {
        if (message.type === 'stream' && message.text === 'waiting\n') writeFileSync(release, '');
      },
    );
    assert.equal(run.result, 'released');
  });

  test('output reaches the host while a synchronous loop still runs', async () => {
    const release = join(scratch, 'release-sync');
    const run = await runCell(
      kernel.client,
      `import { existsSync } from "node:fs";\nconsole.log("spinning");\nlet spins = 0;\nwhile (!existsSync(${JSON.stringify(release)})) spins++;\n"released"`,
      (message) => {
        if (message.type === 'stream' && message.text === 'spinning\n') writeFileSync(release, '');
      },
    );
    assert.equal(run.result, 'released');
  });

  test('a runtime error reports the cell line and column, with the frames of functions in the cell', async () => {
    const run = await runCell(kernel.client, 'const a: number = 1;\nfunction explode(x: any) {\n  return x.missing.field;\n}\nexplode(a);', undefined, 'cell 7');
    assert.equal(run.outcome.status, 'error');
    const error = messageOf(run, 'error')?.error;
    assert.equal(error?.name, 'TypeError');
    assert.equal(error?.message, "Cannot read properties of undefined (reading 'field')");
    const frames = (error?.stack ?? '').split('\n').slice(1).map((line) => line.trim());
    assert.deepEqual(frames, ['at explode (cell 7:3:20)', 'at cell 7:5:1']);
  });

  test('an error on line 3 of a cell after type annotations and an await still says line 3', async () => {
    const run = await runCell(kernel.client, 'type Pair = [number, number];\nconst pair: Pair = await Promise.resolve([1, 2] as Pair);\nthrow new RangeError(`bad pair ${pair}`);', undefined, 'cell 8');
    const error = messageOf(run, 'error')?.error;
    assert.equal(error?.name, 'RangeError');
    assert.match(error?.stack ?? '', /^RangeError: bad pair 1,2\n\s+at cell 8:3:7$/);
  });

  test('a TypeScript syntax error names the cell line and column and runs nothing', async () => {
    const run = await runCell(kernel.client, 'globalThis.ranBeforeSyntaxError = true;\nconst broken = (1 + ;', undefined, 'cell 9');
    assert.equal(run.outcome.status, 'error');
    const error = messageOf(run, 'error')?.error;
    assert.equal(error?.name, 'SyntaxError');
    assert.equal(error?.message, 'Expression expected. (cell 9:2:21)');
    assert.match(error?.stack ?? '', /at cell 9:2:21/);
    assert.equal((await runCell(kernel.client, 'typeof ranBeforeSyntaxError')).result, 'undefined');
  });

  test('await inside a function that is not async is reported at its position', async () => {
    const run = await runCell(kernel.client, 'function f() {\n  return await 1;\n}', undefined, 'cell 10');
    assert.equal(messageOf(run, 'error')?.error.message, "'await' is only allowed inside async functions and at the top level of a cell. (cell 10:2:10)");
  });

  test('a syntax error only JavaScript finds (break outside a loop) still names the cell line and column', async () => {
    const run = await runCell(kernel.client, 'const fine = 1;\n  break;', undefined, 'cell 11');
    assert.deepEqual(messageOf(run, 'error')?.error, { name: 'SyntaxError', message: 'Illegal break statement', stack: 'SyntaxError: Illegal break statement\n    at cell 11:2:3' });
  });

  test('stacks printed by cell code are in cell lines too, and an object from an earlier run of an edited cell keeps its own lines', async () => {
    await runCell(kernel.client, 'class Model {\n  forward() {\n    throw new Error("old");\n  }\n}\nconst oldModel = new Model();', undefined, 'cell 12');
    await runCell(kernel.client, '// edited: two lines added\n\nclass Model {\n  forward() {\n    throw new Error("new");\n  }\n}', undefined, 'cell 12');
    const run = await runCell(kernel.client, 'try { oldModel.forward(); } catch (e) { console.log((e as Error).stack); }\ntry { new Model().forward(); } catch (e) { console.log((e as Error).stack); }', undefined, 'cell 13');
    assert.equal(run.stdout, 'Error: old\n    at Model.forward (cell 12:3:11)\n    at cell 13:1:16\nError: new\n    at Model.forward (cell 12:5:11)\n    at cell 13:2:19\n');
  });

  test('throwing a value that is not an Error shows the value', async () => {
    const run = await runCell(kernel.client, 'throw { code: 42 };');
    assert.deepEqual(messageOf(run, 'error')?.error, { name: 'Uncaught', message: '{ code: 42 }', stack: '' });
  });
});
