import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../../kernel/lib/backend';
import { tf } from '../../../kernel/lib/tf';
import { Vocabulary } from '../../../kernel/lib/text/vocabulary';
import { treeLeaf, leaves, treeNode, postOrder, treeDepth, treeFromArray, treeToString, type Tree } from '../../../kernel/lib/trees/tree';
import { asTree, parseTree } from '../../../kernel/lib/trees/parseTree';
import { RecursiveNet } from '../../../kernel/lib/trees/recursiveNet';
import { TreeLSTM } from '../../../kernel/lib/trees/treeLSTM';
import { gradCheck } from '../../support/gradcheck';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

function closeTo(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= tolerance, `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

/** Row-vector product x W for W given as rows. */
function times(x: number[], W: number[][]): number[] {
  return W[0].map((_, j) => x.reduce((acc, xi, i) => acc + xi * W[i][j], 0));
}

test('bracketed strings and nested arrays give the same binary tree', () => {
  const fromString = parseTree('((the cat) (sat down))');
  const fromArray = treeFromArray([['the', 'cat'], ['sat', 'down']]);
  assert.deepEqual(fromString, fromArray);
  assert.deepEqual(leaves(fromString), ['the', 'cat', 'sat', 'down']);
  assert.equal(treeDepth(fromString), 2);
  assert.equal(treeToString(fromString), '((the cat) (sat down))');
  assert.deepEqual(parseTree('((the) cat)'), treeNode(treeLeaf('the'), treeLeaf('cat')));
  assert.deepEqual(asTree('word'), treeLeaf('word'));
});

test('labelled treebank strings carry a label on every node and round-trip', () => {
  const text = '(3 (2 the) (4 (3 very) (4 good)))';
  const tree = parseTree(text);
  assert.deepEqual(tree, treeNode(treeLeaf('the', 2), treeNode(treeLeaf('very', 3), treeLeaf('good', 4), 4), 3));
  assert.equal(treeToString(tree), text);
  assert.equal(treeToString(tree, { labels: false }), '(the (very good))');
  // Numbers as words: without labelled: false, '(1 2)' would read as a leaf '2' labelled 1.
  assert.deepEqual(parseTree('(1 2)', { labelled: false }), treeNode(treeLeaf('1'), treeLeaf('2')));
  assert.deepEqual(parseTree('(1 2)'), treeLeaf('2', 1));
});

test('post-order puts children before parents and the root last', () => {
  const order = postOrder(parseTree('((a b) c)'));
  assert.deepEqual(order.map((t) => (t.kind === 'leaf' ? t.word : treeToString(t))), ['a', 'b', '(a b)', 'c', '((a b) c)']);
});

test('parse errors say what was expected and where', () => {
  assert.throws(() => parseTree('((a b c) d)'), /expected '\)' \(a binary node has exactly two children\), found 'c' at position 6/);
  assert.throws(() => parseTree('((a b) c'), /missing '\)' for the '\(' opened at position 0 at position 8/);
  assert.throws(() => parseTree('(a b) c'), /unexpected 'c' after the complete tree at position 6/);
  assert.throws(() => parseTree('(3 (2 a))'), /a labelled inner node needs two subtrees; found one at position 8/);
  assert.throws(() => parseTree('(3 (x a) (1 b))', { labelled: true }), /expected a whole-number label after '\(', found 'x' at position 4/);
  assert.throws(() => parseTree('()'), /empty brackets \(\); expected a word or two subtrees at position 0/);
  assert.throws(() => parseTree('   '), /the text is empty/);
  assert.throws(() => treeFromArray([['a', 'b', 'c'], 'd'] as never), /element \[0\] must be a word or a pair \[left, right\]; got an array of 3 elements/);
});

test('the recursive network computes p = tanh(W [c1; c2] + b) from the leaves up, checked by hand', async () => {
  await selectBackend('cpu');
  const vocabulary = new Vocabulary(['the', 'cat', 'sat']);
  const net = new RecursiveNet({ vocabulary, embeddingSize: 2, classes: 2 });
  const E: Record<string, number[]> = { the: [1, 0], cat: [0, 1], sat: [0.5, -0.5] };
  const W = [[0.1, 0.2], [0.3, -0.4], [-0.5, 0.6], [0.7, 0.8]];
  const b = [0.1, -0.1];
  const table = vocabulary.tokens.map((token) => E[token] ?? [0, 0]);
  net.embedding.embeddings.assign(tf.tensor2d(table));
  net.weights.W.assign(tf.tensor2d(W));
  net.weights.b.assign(tf.tensor1d(b));
  const named = net.namedVariables();
  named['classifier.kernel'].assign(tf.tensor2d([[1, -1], [2, 0]]));
  named['classifier.bias'].assign(tf.tensor1d([0, 0.5]));
  const compose = (c1: number[], c2: number[]) => times([...c1, ...c2], W).map((v, j) => Math.tanh(v + b[j]));
  const p1 = compose(E.the, E.cat);
  const p2 = compose(p1, E.sat);
  const before = tf.memory().numTensors;
  const { vectors, logits } = net.forward('((the cat) sat)');
  closeTo(vectors.dataSync(), [...E.the, ...E.cat, ...p1, ...E.sat, ...p2], 1e-6, 'node vectors');
  const z = (p: number[]) => [p[0] * 1 + p[1] * 2, -p[0] + 0.5];
  closeTo(logits!.dataSync(), [E.the, E.cat, p1, E.sat, p2].flatMap(z), 1e-5, 'logits');
  const root = net.encode('((the cat) sat)');
  closeTo(root.dataSync(), p2, 1e-6, 'root');
  tf.dispose([vectors, logits!, root]);
  assert.equal(tf.memory().numTensors, before);
  const prediction = net.predict('((the cat) sat)');
  assert.equal(prediction.classes.length, 5);
  assert.equal(prediction.classes[4], z(p2)[0] > z(p2)[1] ? 0 : 1);
  net.dispose();
});

test('the binary Tree-LSTM follows the gate equations with one forget gate per child, checked by hand', async () => {
  await selectBackend('cpu');
  const vocabulary = new Vocabulary(['a', 'b']);
  const lstm = new TreeLSTM({ vocabulary, embeddingSize: 1, hiddenSize: 1 });
  const x: Record<string, number> = { a: 0.8, b: -1.2 };
  lstm.embedding.embeddings.assign(tf.tensor2d(vocabulary.tokens.map((t) => [x[t] ?? 0])));
  const Wleaf = [0.5, -0.3, 0.9];
  const bleaf = [0.1, 0.2, -0.1];
  const U = [[0.2, -0.1, 0.4, 0.3, -0.6], [-0.3, 0.5, 0.1, 0.2, 0.7]];
  const bnode = [0.05, 1, 1, -0.05, 0.1];
  lstm.weights.leafKernel.assign(tf.tensor2d([Wleaf]));
  lstm.weights.leafBias.assign(tf.tensor1d(bleaf));
  lstm.weights.nodeKernel.assign(tf.tensor2d(U));
  lstm.weights.nodeBias.assign(tf.tensor1d(bnode));
  const leafState = (v: number) => {
    const c = sigmoid(v * Wleaf[0] + bleaf[0]) * Math.tanh(v * Wleaf[2] + bleaf[2]);
    return { h: sigmoid(v * Wleaf[1] + bleaf[1]) * Math.tanh(c), c };
  };
  const pair = (l: { h: number; c: number }, r: { h: number; c: number }) => {
    const z = times([l.h, r.h], U).map((v, j) => v + bnode[j]);
    const c = sigmoid(z[0]) * Math.tanh(z[4]) + sigmoid(z[1]) * l.c + sigmoid(z[2]) * r.c;
    return { h: sigmoid(z[3]) * Math.tanh(c), c };
  };
  const A = leafState(x.a);
  const B = leafState(x.b);
  const AB = pair(A, B);
  const root = pair(AB, A);
  const { vectors } = lstm.forward('((a b) a)');
  closeTo(vectors.dataSync(), [A.h, B.h, AB.h, A.h, root.h], 1e-6, 'h');
  const cells = lstm.cells('((a b) a)');
  closeTo(cells.dataSync(), [A.c, B.c, AB.c, A.c, root.c], 1e-6, 'c');
  tf.dispose([vectors, cells]);
  assert.throws(() => lstm.loss('(1 (0 a) (1 b))'), /built without a classifier; pass options.classes/);
  lstm.dispose();
});

const labelledTrees = ['(1 (0 not) (0 bad))', '(0 (0 not) (1 good))', '(1 (1 very) (1 good))', '(0 (2 (0 not) (1 very)) (1 good))'];

test('recursive network and Tree-LSTM gradients agree with finite differences on labelled trees', async () => {
  await selectBackend('cpu');
  const vocabulary = Vocabulary.fromTokens(labelledTrees.map((t) => leaves(parseTree(t))));
  const models = [
    new RecursiveNet({ vocabulary, embeddingSize: 3, classes: 3, seed: 1 }),
    new TreeLSTM({ vocabulary, embeddingSize: 3, hiddenSize: 2, classes: 3, seed: 2 }),
  ];
  for (const model of models) {
    for (const at of ['all', 'root'] as const) {
      const before = tf.memory().numTensors;
      const result = gradCheck(() => model.loss(labelledTrees, { at }), model.namedVariables());
      assert.ok(result.maxRelativeError < 2e-3, `${model.constructor.name} ${at}: ${JSON.stringify(result)}`);
      assert.equal(tf.memory().numTensors, before);
    }
    model.dispose();
  }
});

test('tree losses refuse trees without the labels they need', async () => {
  await selectBackend('cpu');
  const net = new RecursiveNet({ vocabulary: new Vocabulary(['a', 'b']), embeddingSize: 2, classes: 2 });
  assert.throws(() => net.loss('(a b)', { at: 'root' }), /the root has no label/);
  assert.throws(() => net.loss('(a b)'), /none of the trees has a labelled node/);
  assert.throws(() => net.loss('(5 (0 a) (1 b))'), /label 5 is outside the 2 classes/);
  net.dispose();
});

for (const kind of ['RecursiveNet', 'TreeLSTM'] as const) {
  test(`a ${kind} learns that "not" flips the sentiment of the phrase it modifies`, async () => {
    await selectBackend('cpu');
    const trees = [
      '(1 (1 very) (1 good))', '(0 (1 very) (0 bad))', '(0 (0 not) (1 good))', '(1 (0 not) (0 bad))',
      '(0 (0 not) (1 (1 very) (1 good)))', '(1 (0 not) (0 (1 very) (0 bad)))',
    ].map((t) => parseTree(t));
    const vocabulary = Vocabulary.fromTokens(trees.map(leaves));
    const model = kind === 'RecursiveNet'
      ? new RecursiveNet({ vocabulary, embeddingSize: 8, classes: 2, seed: 3 })
      : new TreeLSTM({ vocabulary, embeddingSize: 8, hiddenSize: 8, classes: 2, seed: 3 });
    const optimizer = tf.train.adam(0.05);
    const losses: number[] = [];
    for (let step = 0; step < 80; step++) {
      const loss = optimizer.minimize(() => model.loss(trees), true, model.trainableVariables())!;
      losses.push(loss.dataSync()[0]);
      loss.dispose();
    }
    optimizer.dispose();
    assert.ok(losses[79] < 0.1 * losses[0], `loss ${losses[0]} → ${losses[79]}`);
    for (const tree of trees) {
      const prediction = model.predict(tree);
      assert.equal(prediction.classes[prediction.classes.length - 1], tree.label, treeToString(tree));
    }
    model.dispose();
  });
}

test('tree models run forward and backward on the wasm backend', async () => {
  await selectBackend('wasm');
  const vocabulary = Vocabulary.fromTokens(labelledTrees.map((t) => leaves(parseTree(t))));
  const model = new TreeLSTM({ vocabulary, embeddingSize: 3, hiddenSize: 2, classes: 3, seed: 4 });
  const result = gradCheck(() => model.loss(labelledTrees), model.namedVariables());
  assert.ok(result.maxRelativeError < 5e-3, JSON.stringify(result));
  model.dispose();
  await selectBackend('cpu');
});

test('trees built in code work like parsed ones', async () => {
  await selectBackend('cpu');
  const built: Tree = treeNode(treeLeaf('not', 0), treeLeaf('bad', 0), 1);
  assert.deepEqual(built, parseTree('(1 (0 not) (0 bad))'));
  assert.throws(() => treeLeaf('', 1), /the word must be a non-empty string/);
  assert.throws(() => treeNode(treeLeaf('a'), treeLeaf('b'), -1), /labels must be non-negative integers; got -1/);
});

test('building and disposing tree models leaves no tensors behind', async () => {
  await selectBackend('cpu');
  const vocabulary = Vocabulary.fromTokens(['a', 'b']);
  const before = tf.memory().numTensors;
  new TreeLSTM({ vocabulary, embeddingSize: 3, hiddenSize: 2, classes: 2, seed: 1 }).dispose();
  new RecursiveNet({ vocabulary, embeddingSize: 3, classes: 2, seed: 1 }).dispose();
  assert.equal(tf.memory().numTensors, before);
});
