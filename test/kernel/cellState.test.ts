import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { messageOf, onEachBackend, runCell, startKernel, type Kernel } from './harness';

onEachBackend((backend) => {
  let kernel: Kernel;
  before(async () => {
    kernel = await startKernel(backend);
  });
  after(async () => {
    await kernel.client.dispose();
  });

  test('the kernel reports the backend it was asked for and its process id', () => {
    assert.equal(kernel.client.backend.name, backend);
    assert.ok(kernel.client.pid > 0);
  });

  test('top-level const, let, var, function and class declared in one cell are visible in later cells', async () => {
    const first = await runCell(
      kernel.client,
      'const base: number = 40;\nlet step = 1;\nvar label = "sum";\nfunction add(a: number, b: number): number { return a + b; }\nclass Counter { constructor(public n = 0) {} next() { return ++this.n; } }\ninterface Unused { x: number }',
    );
    assert.equal(first.outcome.status, 'ok', JSON.stringify(first.messages));
    const second = await runCell(kernel.client, 'const c = new Counter(add(base, step));\nc.next();\n`${label}=${c.n}`');
    assert.equal(second.result, 'sum=42');
  });

  test('re-running a cell that declares const assigns it again instead of failing', async () => {
    const cell = 'const answer = Math.max(0, typeof answer === "number" ? answer + 1 : 1);\nanswer';
    assert.equal((await runCell(kernel.client, cell)).result, '1');
    const again = await runCell(kernel.client, cell);
    assert.equal(again.outcome.status, 'ok', JSON.stringify(again.messages));
    assert.equal(again.result, '2');
  });

  test('destructuring declarations and functions used before their declaration work at the top level', async () => {
    const run = await runCell(kernel.client, 'const { p, q: [r, , s = 9], ...others } = { p: 1, q: [2, 3], t: 4 };\nconst total = twice(p + r + s);\nfunction twice(x: number) { return 2 * x; }\n[total, others]');
    assert.equal(run.result, '[ 24, { t: 4 } ]');
    assert.equal((await runCell(kernel.client, 'p + r + s + others.t')).result, '16');
  });

  test('enums, namespaces, abstract classes and export keywords work at the top level and persist', async () => {
    const run = await runCell(
      kernel.client,
      'enum Gate { Input, Forget }\nnamespace Shapes { export const unit = 1; }\nexport const exported = 2;\nexport { exported as renamed };\nabstract class Cell { abstract size(): number }\nexport class Lstm extends Cell { constructor(private hidden: number) { super(); } size() { return 4 * this.hidden; } }\nexport default 5;',
    );
    assert.equal(run.outcome.status, 'ok', JSON.stringify(run.messages));
    assert.equal((await runCell(kernel.client, '[Gate.Forget, Gate[0], Shapes.unit, exported, new Lstm(8).size()]')).result, "[ 1, 'Input', 1, 2, 32 ]");
    assert.equal((await runCell(kernel.client, 'enum Gate { Input, Forget, Output }\nGate.Output')).result, '2');
  });

  test('labelled loops, do-while, for-in and for await keep their meaning after instrumentation', async () => {
    const run = await runCell(
      kernel.client,
      'let visits = 0;\nouter: for (const i of [1, 2, 3]) { for (const j of [1, 2]) { if (i === 3) break outer; if (j === 2) continue outer; visits++; } }\ndo visits++; while (visits < 4);\nfor (const key in { a: 1, b: 2 }) visits++;\nasync function* pair() { yield 10; yield 20; }\nfor await (const v of pair()) visits += v;\nvisits',
    );
    assert.equal(run.result, '36');
  });

  test('a cell that is one object literal shows the object, not a block', async () => {
    assert.equal((await runCell(kernel.client, '{ hidden: 8, gates: ["i", "f"] }')).result, "{ hidden: 8, gates: [ 'i', 'f' ] }");
    assert.equal(messageOf(await runCell(kernel.client, '{ const scoped = 1; scoped + 1 }'), 'result'), undefined);
  });

  test('top-level await works and its declared names persist', async () => {
    const run = await runCell(kernel.client, 'const later = await new Promise<string>((resolve) => setTimeout(() => resolve("waited"), 20));');
    assert.equal(run.outcome.status, 'ok');
    assert.equal((await runCell(kernel.client, 'later.toUpperCase()')).result, 'WAITED');
  });

  test('the value of the last expression is the result; a Promise is awaited; undefined gives no result', async () => {
    assert.equal((await runCell(kernel.client, '1 + 1;\n"last"')).result, 'last');
    assert.equal((await runCell(kernel.client, 'Promise.resolve(7)')).result, '7');
    const none = await runCell(kernel.client, 'const nothing = undefined;\nnothing');
    assert.equal(messageOf(none, 'result'), undefined);
    const declaration = await runCell(kernel.client, 'const onlyDeclared = 3;');
    assert.equal(messageOf(declaration, 'result'), undefined);
  });

  test('plain data results carry application/json next to text/plain', async () => {
    const run = await runCell(kernel.client, '({ losses: [0.5, 0.25], done: true })');
    assert.deepEqual(messageOf(run, 'result')?.data['application/json'], { losses: [0.5, 0.25], done: true });
  });

  test('import of the bundled library gives the same tf the library uses, by every name', async () => {
    const run = await runCell(
      kernel.client,
      'import { tf, interruptRequested } from "unrolled";\nimport * as tfcore from "@tensorflow/tfjs-core";\nimport * as tfall from "@tensorflow/tfjs";\nimport type { Displayable } from "unrolled";\n[tf === tfcore, tf === tfall, tf.getBackend(), typeof interruptRequested]',
    );
    assert.equal(run.result, `[ true, true, '${backend}', 'function' ]`);
    assert.equal((await runCell(kernel.client, 'tf.tensor1d([1, 2, 3]).sum().dataSync()[0]')).result, '6');
  });

  test('tfjs-layers imported in a cell is built on the kernel\'s own tfjs-core: one copy, no platform warning', async () => {
    const run = await runCell(
      kernel.client,
      [
        'import * as tfl from "@tensorflow/tfjs-layers";',
        'import { tf } from "unrolled";',
        'import { createRequire } from "node:module";',
        'const tensorsBefore = tf.memory().numTensors;',
        'const dense = tfl.layers.dense({ units: 2, useBias: false, kernelInitializer: "ones", inputShape: [3] });',
        'const x = tf.tensor2d([[1, 2, 3]]);',
        'const y = dense.apply(x) as tf.Tensor;',
        'const seen = [Array.from(y.dataSync()), y instanceof tf.Tensor, "Dense" in tf.serialization.SerializationMap.getMap().classNameMap];',
        'tf.dispose([x, y]);',
        'dense.dispose();',
        '// Every tfjs-core file Node loaded from node_modules: a second copy would be here.',
        'const loadedCores = Object.keys(createRequire(`${process.cwd()}/notebook.js`).cache).filter((id) => /tfjs-core[\\\\/]dist/.test(id));',
        'JSON.stringify([...seen, loadedCores, tf.memory().numTensors - tensorsBefore])',
      ].join('\n'),
    );
    assert.equal(run.outcome.status, 'ok', JSON.stringify(run.messages));
    // ones([3, 2]) applied to [1, 2, 3]: each unit sums the inputs.
    assert.deepEqual(JSON.parse(run.result ?? ''), [[6, 6], true, true, [], 0]);
    assert.doesNotMatch(run.stderr + kernel.log.join('\n'), /Platform node has already been set/);
  });

  test('import of an installed npm package resolves from the kernel working directory', async () => {
    const run = await runCell(kernel.client, 'import { Matrix } from "ml-matrix";\nnew Matrix([[1, 2], [3, 4]]).mmul(Matrix.eye(2)).to2DArray()');
    assert.equal(run.result, '[ [ 1, 2 ], [ 3, 4 ] ]');
    assert.equal((await runCell(kernel.client, 'Matrix.ones(1, 2).to1DArray()')).result, '[ 1, 1 ]');
  });

  test('default, dynamic and import-equals imports and require of Node built-ins work', async () => {
    const run = await runCell(kernel.client, 'import path from "node:path";\nconst os = await import("node:os");\nconst { join } = require("node:path");\n[path.join("a", "b"), typeof os.cpus, join("c", "d")]');
    assert.equal(run.result, "[ 'a/b', 'function', 'c/d' ]");
    assert.equal((await runCell(kernel.client, 'import nodePath = require("node:path");\nnodePath.basename("/x/y.ts")')).result, 'y.ts');
    assert.equal((await runCell(kernel.client, 'nodePath.extname("y.ts")')).result, '.ts');
  });

  test('importing a package that is not installed fails with the module name', async () => {
    const run = await runCell(kernel.client, 'import { nothing } from "no-such-package-here";');
    assert.equal(run.outcome.status, 'error');
    assert.match(messageOf(run, 'error')?.error.message ?? '', /no-such-package-here/);
  });

  test('display returns a handle whose update replaces the same output', async () => {
    const run = await runCell(kernel.client, 'const progress = display("step 1");\nprogress.update("step 2");\nprogress');
    const shown = messageOf(run, 'display');
    const updated = messageOf(run, 'updateDisplay');
    assert.ok(shown && updated, JSON.stringify(run.messages));
    assert.equal(updated.displayId, shown.displayId);
    assert.deepEqual(shown.data, { 'text/plain': 'step 1' });
    assert.deepEqual(updated.data, { 'text/plain': 'step 2' });
    assert.equal(messageOf(run, 'result'), undefined, 'a display handle as last value is not shown again');
  });

  test('display has text, markdown, HTML, JSON, any MIME type and whole bundles; updates keep the kind', async () => {
    const run = await runCell(
      kernel.client,
      [
        'display.text(42);',
        'const md = display.markdown("# Title");',
        'md.update("## Smaller");',
        'display.html("<b>bold</b>");',
        'display.json({ a: [1, 2] });',
        'display.mime("application/vnd.unrolled.demo+json", { points: [1, 2] });',
        'display.bundle({ "text/plain": "fallback", "text/html": "<i>rich</i>" });',
        'display(tf.tensor1d([1, 2]));',
        'display([1, "two"]);',
      ].join('\n'),
    );
    assert.equal(run.outcome.status, 'ok', JSON.stringify(run.messages));
    const data = run.messages.filter((m) => m.type === 'display' || m.type === 'updateDisplay').map((m) => ('data' in m ? m.data : undefined));
    assert.deepEqual(data.slice(0, 7), [
      { 'text/plain': '42' },
      { 'text/markdown': '# Title' },
      { 'text/markdown': '## Smaller' },
      { 'text/html': '<b>bold</b>' },
      { 'application/json': { a: [1, 2] } },
      { 'application/vnd.unrolled.demo+json': { points: [1, 2] } },
      { 'text/plain': 'fallback', 'text/html': '<i>rich</i>' },
    ]);
    assert.match(String(data[7]?.['text/plain']), /Tensor\s+\[1, 2\]/);
    assert.deepEqual(data[8], { 'text/plain': "[ 1, 'two' ]", 'application/json': [1, 'two'] });
  });

  test('display with a wrong argument says what it expected', async () => {
    const run = await runCell(kernel.client, 'display.markdown(42 as never)');
    assert.equal(run.outcome.status, 'error');
    assert.match(messageOf(run, 'error')?.error.message ?? '', /display\.markdown expected a string, got number 42/);
  });

  test('an object with toMimeBundle is displayed as its own bundle, also as the last value', async () => {
    const run = await runCell(kernel.client, 'import { toMimeBundle } from "unrolled";\n({ [toMimeBundle]() { return { "text/html": "<svg></svg>", "text/plain": "a picture" }; } })');
    assert.deepEqual(messageOf(run, 'result')?.data, { 'text/html': '<svg></svg>', 'text/plain': 'a picture' });
  });

  test('messages of one execution never reach another; updates from idle timers go to the stray listener', async () => {
    const stray: string[] = [];
    const subscription = kernel.client.onStrayMessage((message) => stray.push(message.type));
    const first = await runCell(kernel.client, 'const h = display("before");\nsetTimeout(() => { h.update("after"); console.log("tick"); }, 20);');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const second = await runCell(kernel.client, '"second"');
    subscription.dispose();
    for (const run of [first, second]) {
      const ids = new Set(run.messages.map((m) => ('id' in m ? m.id : '')));
      assert.equal(ids.size, 1, JSON.stringify(run.messages));
    }
    assert.notEqual(messageOf(first, 'done')?.id, messageOf(second, 'done')?.id);
    assert.deepEqual(stray, ['updateDisplay']);
    assert.equal(second.stdout, 'tick\n', 'console output of idle async work is delivered with the next cell');
    assert.equal(second.result, 'second');
  });
});
