import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../kernel/lib/backend';
import { tf } from '../../kernel/lib/tf';
import { rejects, stub } from '../support/exercises';
import { checkElmanStep, checkPatterns, checkUnroll } from '../../kernel/lib/exercises/lesson01';
import { elmanStep, patterns, unroll } from '../../lessons/solutions/lesson01';

test('the reference Elman step passes the check without leaking tensors', async () => {
  await selectBackend('cpu');
  const before = tf.memory().numTensors;
  assert.match(checkElmanStep(elmanStep), /^✓ elmanStep matches/);
  assert.equal(tf.memory().numTensors, before);
});

test('an Elman step still holding the stub is reported as not attempted, not as wrong', async () => {
  await selectBackend('cpu');
  assert.match(checkElmanStep(stub), /^not attempted yet: elmanStep still throws "your code here"/);
});

test('common Elman-step mistakes are named', async () => {
  await selectBackend('cpu');
  const matVec = (m: number[][], v: number[]) => m.map((row) => row.reduce((s, w, j) => s + w * v[j], 0));
  const noTanh = (x: number[], h: number[], Wx: number[][], Wh: number[][], b: number[]) => b.map((bi, i) => bi + matVec(Wx, x)[i] + matVec(Wh, h)[i]);
  rejects(() => checkElmanStep(noTanh), /disagrees with ElmanCell/, /pre-activation z .* apply tanh/);
  const noRecurrence = (x: number[], _h: number[], Wx: number[][], _Wh: number[][], b: number[]) => b.map((bi, i) => Math.tanh(bi + matVec(Wx, x)[i]));
  rejects(() => checkElmanStep(noRecurrence), /recurrent term W_hh h_\{t-1\} is missing/);
  const noBias = (x: number[], h: number[], Wx: number[][], Wh: number[][], b: number[]) => b.map((_, i) => Math.tanh(matVec(Wx, x)[i] + matVec(Wh, h)[i]));
  rejects(() => checkElmanStep(noBias), /bias b is missing/);
  const transposedRecurrence = (x: number[], h: number[], Wx: number[][], Wh: number[][], b: number[]) => {
    const WhT = Wh[0].map((_, j) => Wh.map((row) => row[j]));
    return b.map((bi, i) => Math.tanh(bi + matVec(Wx, x)[i] + matVec(WhT, h)[i]));
  };
  rejects(() => checkElmanStep(transposedRecurrence), /W_hh transposed/);
  rejects(() => checkElmanStep(() => [0, 0]), /must return h_t, an array of 4 numbers/);
  const mutating = (x: number[], h: number[], Wx: number[][], Wh: number[][], b: number[]) => {
    const out = elmanStep(x, h, Wx, Wh, b);
    h.fill(0);
    return out;
  };
  rejects(() => checkElmanStep(mutating), /changed one of its arguments/);
  rejects(() => checkElmanStep((x: number[]) => (x as unknown as { nope: () => number[] }).nope()), /elmanStep threw TypeError/, /when called as elmanStep\(x, hPrev, W_xh, W_hh, b\) with x: 3 numbers/);
});

test('the reference unroll passes; the stub is not attempted', () => {
  assert.match(checkUnroll(unroll), /^✓ unroll threads the state/);
  assert.match(checkUnroll(stub), /^not attempted yet: unroll/);
});

test('unroll mistakes are explained: h_0 included, state not threaded, swapped step arguments, reversed order', () => {
  const withH0 = (step: (h: number[], x: number[]) => number[], h0: number[], xs: number[][]) => [h0, ...unroll(step, h0, xs)];
  rejects(() => checkUnroll(withH0), /starting with h_0; return h_1 … h_T only/);
  const fromH0 = (step: (h: number[], x: number[]) => number[], h0: number[], xs: number[][]) => xs.map((x) => step(h0, x));
  rejects(() => checkUnroll(fromH0), /every state was computed from h0/);
  const swapped = (step: (h: number[], x: number[]) => number[], h0: number[], xs: number[][]) => {
    let h = h0;
    return xs.map((x) => (h = step(x, h)));
  };
  rejects(() => checkUnroll(swapped), /the state \(2 numbers here\) comes first/);
  const reversed = (step: (h: number[], x: number[]) => number[], h0: number[], xs: number[][]) => unroll(step, h0, xs).reverse();
  rejects(() => checkUnroll(reversed), /reverse order/);
  const lastOnly = (step: (h: number[], x: number[]) => number[], h0: number[], xs: number[][]) => unroll(step, h0, xs).slice(-1);
  rejects(() => checkUnroll(lastOnly), /one state \(2 numbers here\) per input, 5 in all/);
});

test('the reference patterns pass; untouched answers are not attempted; wrong ones are explained one by one', () => {
  assert.match(checkPatterns(patterns), /^✓ all 6 tasks/);
  const untouched = Object.fromEntries(Object.keys(patterns).map((k) => [k, 'your answer here']));
  assert.match(checkPatterns(untouched), /^not attempted yet/);
  const freeForm = { ...patterns, 'part-of-speech tagging of a sentence': 'Many to many, same length' };
  assert.match(checkPatterns(freeForm), /^✓/);
  const wrong = { ...patterns, 'speech recognition: audio frames in, words out': 'many-to-many (same length)', 'spam filtering of an email': 'sideways' };
  rejects(() => checkPatterns(wrong), /2 of 6 answers/, /far more audio frames than words/, /"sideways" is not one of/);
  const renamed = { ...patterns };
  delete renamed['translating English into German'];
  rejects(() => checkPatterns(renamed), /missing: "translating English into German"/);
});

test('check messages are wrapped to 100 columns at spaces, so VS Code does not cut them at the output edge', async () => {
  await selectBackend('cpu');
  const stubPatterns = Object.fromEntries(Object.keys(patterns).map((task) => [task, 'your answer here']));
  const messages = [checkElmanStep(stub), checkUnroll(stub), checkPatterns(stubPatterns)];
  for (const message of messages) {
    for (const line of message.split('\n')) assert.ok(line.length <= 100, `${line.length} columns: ${line}`);
    assert.ok(message.includes('\n'), `a ${message.length}-character message on one line`);
  }
  assert.equal(messages[0].replace(/\n/g, ' '), 'not attempted yet: elmanStep still throws "your code here". Replace that line with your answer, then run the exercise cell and this cell again.');
});
