import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../kernel/lib/backend';
import { tf } from '../../kernel/lib/tf';
import { GRUCell } from '../../kernel/lib/cells/gru';
import { LSTMCell } from '../../kernel/lib/cells/lstm';
import { rejects, stub } from '../support/exercises';
import { checkConventionSwap, checkGruStep, checkLstmStep, gruParams, lstmParams, type GruParams, type LstmParams } from '../../kernel/lib/exercises/lesson03';
import { fromOtherConvention, gruStep, lstmStep } from '../../lessons/solutions/lesson03';

const sigmoidAffine = (x: tf.Tensor2D, s: tf.Tensor2D, Wx: tf.Tensor2D, Wh: tf.Tensor2D, b: tf.Tensor1D) => tf.sigmoid(tf.add(tf.add(tf.matMul(x, Wx), tf.matMul(s, Wh)), b));

for (const backend of ['cpu', 'wasm'] as const) {
  test(`the reference GRU and LSTM steps pass their checks on ${backend} without leaking tensors`, async () => {
    await selectBackend(backend);
    const before = tf.memory().numTensors;
    assert.match(checkGruStep(gruStep), /^✓ gruStep matches the library's GRUCell on 4 random cases/);
    assert.match(checkLstmStep(lstmStep), /^✓ lstmStep matches the library's LSTMCell/);
    assert.match(checkConventionSwap(fromOtherConvention), /^✓ with your weights/);
    assert.equal(tf.memory().numTensors, before);
  });
}

test('stubs are reported as not attempted, without leaking tensors', async () => {
  await selectBackend('cpu');
  const before = tf.memory().numTensors;
  assert.match(checkGruStep(stub), /^not attempted yet: gruStep still throws "your code here"/);
  assert.match(checkLstmStep(stub), /^not attempted yet: lstmStep/);
  assert.match(checkConventionSwap(stub), /^not attempted yet: fromOtherConvention/);
  assert.equal(tf.memory().numTensors, before);
});

test('a GRU step written in the other courses\' convention is recognised and explained', async () => {
  await selectBackend('cpu');
  const otherConvention = (x: tf.Tensor2D, s: tf.Tensor2D, p: GruParams) => {
    const z = sigmoidAffine(x, s, p.Wxz, p.Whz, p.bz);
    const r = sigmoidAffine(x, s, p.Wxr, p.Whr, p.br);
    const candidate = tf.tanh(tf.add(tf.add(tf.matMul(x, p.Wxh), tf.matMul(tf.mul(r, s), p.Whh)), p.bh));
    return tf.add(tf.mul(tf.sub(1, z), s), tf.mul(z, candidate)) as tf.Tensor2D;
  };
  rejects(() => checkGruStep(otherConvention), /disagrees with the library's GRUCell on s_t/, /other convention/, /z_t weights the OLD state/);
});

test('a GRU step with the reset gate after the product is named', async () => {
  await selectBackend('cpu');
  const resetAfter = (x: tf.Tensor2D, s: tf.Tensor2D, p: GruParams) => {
    const z = sigmoidAffine(x, s, p.Wxz, p.Whz, p.bz);
    const r = sigmoidAffine(x, s, p.Wxr, p.Whr, p.br);
    const candidate = tf.tanh(tf.add(tf.add(tf.matMul(x, p.Wxh), tf.mul(r, tf.matMul(s, p.Whh))), p.bh));
    return tf.add(tf.mul(z, s), tf.mul(tf.sub(1, z), candidate)) as tf.Tensor2D;
  };
  rejects(() => checkGruStep(resetAfter), /reset gate after the product/);
});

test('a GRU step with the right numbers but no gradient path is caught by the gradient check', async () => {
  await selectBackend('cpu');
  const before = tf.memory().numTensors;
  const rebuilt = (x: tf.Tensor2D, s: tf.Tensor2D, p: GruParams) => {
    const value = gruStep(x, s, p);
    const copy = tf.tensor2d(value.arraySync());
    value.dispose();
    return copy;
  };
  rejects(() => checkGruStep(rebuilt), /no gradient reaches x through gruStep, although the values are right/, /no dataSync\(\)\/arraySync\(\)/);
  // s_{t-1} copied out of the tape enters only through the candidate and gates, not through z ⊙ s_{t-1}
  const copiedKeep = (x: tf.Tensor2D, s: tf.Tensor2D, p: GruParams) => {
    const z = sigmoidAffine(x, s, p.Wxz, p.Whz, p.bz);
    const detached = tf.tensor(s.dataSync(), s.shape) as tf.Tensor2D;
    return tf.add(tf.sub(gruStep(x, s, p), tf.mul(z, s)), tf.mul(z, detached)) as tf.Tensor2D;
  };
  rejects(() => checkGruStep(copiedKeep), /right values but the wrong gradient with respect to sPrev/);
  assert.equal(tf.memory().numTensors, before);
});

test('a GRU step returning the wrong shape or a plain array is told what was expected, without leaking tensors', async () => {
  await selectBackend('cpu');
  const before = tf.memory().numTensors;
  rejects(() => checkGruStep((x, s, p) => gruStep(x, s, p).arraySync() as unknown as tf.Tensor2D), /expected a tensor of shape \[2, 4\]; got a plain array/);
  rejects(() => checkGruStep((x, s, p) => tf.transpose(gruStep(x, s, p)) as tf.Tensor2D), /expected a tensor of shape \[2, 4\]; got shape \[4, 2\]/);
  rejects(() => checkGruStep((_x, _s, p) => (p as unknown as { missing: { gate: tf.Tensor2D } }).missing.gate), /gruStep threw TypeError/);
  assert.equal(tf.memory().numTensors, before);
});

test('common LSTM-step mistakes are named', async () => {
  await selectBackend('cpu');
  const lstm = (noTanh: boolean, swap: boolean) => (x: tf.Tensor2D, h: tf.Tensor2D, c: tf.Tensor2D, p: LstmParams) => {
    const i = sigmoidAffine(x, h, ...(swap ? [p.Wxf, p.Whf, p.bf] as const : [p.Wxi, p.Whi, p.bi] as const));
    const f = sigmoidAffine(x, h, ...(swap ? [p.Wxi, p.Whi, p.bi] as const : [p.Wxf, p.Whf, p.bf] as const));
    const candidate = tf.tanh(tf.add(tf.add(tf.matMul(x, p.Wxc), tf.matMul(h, p.Whc)), p.bc));
    const o = sigmoidAffine(x, h, p.Wxo, p.Who, p.bo);
    const cNew = tf.add(tf.mul(f, c), tf.mul(i, candidate)) as tf.Tensor2D;
    return { h: tf.mul(o, noTanh ? cNew : tf.tanh(cNew)) as tf.Tensor2D, c: cNew };
  };
  rejects(() => checkLstmStep(lstm(true, false)), /on h_t/, /h_t misses the tanh/);
  rejects(() => checkLstmStep(lstm(false, true)), /on h_t/, /input and forget gates are swapped/);
  rejects(() => checkLstmStep((x, h, c, p) => lstmStep(x, h, c, p).h as unknown as { h: tf.Tensor2D; c: tf.Tensor2D }), /must return an object \{ h, c \}/, /got a single tensor/);
});

test('wrong conversions between the GRU conventions are explained', async () => {
  await selectBackend('cpu');
  rejects(() => checkConventionSwap((q) => ({ ...q })), /came back unchanged/, /σ\(−a\) = 1 − σ\(a\)/);
  rejects(() => checkConventionSwap((q) => ({ ...q, bz: tf.neg(q.bz) })), /all three of the update gate's weights/);
  rejects(() => checkConventionSwap((q) => ({ ...fromOtherConvention(q), Wxr: tf.neg(q.Wxr) })), /only the update gate \(Wxz, Whz, bz\) differs/);
  const inPlace = (q: GruParams) => {
    q.Wxz = tf.neg(q.Wxz);
    q.Whz = tf.neg(q.Whz);
    q.bz = tf.neg(q.bz);
    return q;
  };
  rejects(() => checkConventionSwap(inPlace), /changed the weights it was given/);
});

test('gruParams and lstmParams read a cell\'s weights as the named blocks the checks use', async () => {
  await selectBackend('cpu');
  const gru = new GRUCell({ inputSize: 3, hiddenSize: 2, seed: 4 });
  const lstm = new LSTMCell({ inputSize: 3, hiddenSize: 2, seed: 5 });
  tf.tidy(() => {
    const x = tf.randomNormal([2, 3], 0, 1, 'float32', 9) as tf.Tensor2D;
    const s = tf.randomNormal([2, 2], 0, 1, 'float32', 10) as tf.Tensor2D;
    const c = tf.randomNormal([2, 2], 0, 1, 'float32', 11) as tf.Tensor2D;
    const g = gruParams(gru);
    assert.deepEqual(g.Wxz.shape, [3, 2]);
    assert.deepEqual(g.Whh.shape, [2, 2]);
    const mine = gruStep(x, s, g).arraySync();
    const theirs = gru.step(x, [s]).output.arraySync();
    mine.flat().forEach((v, i) => assert.ok(Math.abs(v - theirs.flat()[i]) < 1e-6));
    const l = lstmParams(lstm);
    const { h, c: cNew } = lstmStep(x, s, c, l);
    const [hLib, cLib] = lstm.step(x, [s, c]).state;
    assert.ok(tf.max(tf.abs(tf.sub(h, hLib))).dataSync()[0] < 1e-6);
    assert.ok(tf.max(tf.abs(tf.sub(cNew, cLib))).dataSync()[0] < 1e-6);
  });
  gru.dispose();
  lstm.dispose();
  assert.throws(() => gruParams(lstm as unknown as GRUCell), /gruParams expects a GRUCell/);
});
