import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../kernel/lib/backend';
import { tf } from '../../kernel/lib/tf';
import { checkAdditiveScores, checkAttend, checkTeacherForcing } from '../../kernel/lib/exercises/lesson07';
import { additiveScores, attend, teacherForcing } from '../../lessons/solutions/lesson07';
import { rejects, stub } from '../support/exercises';

const times = (matrix: number[][], x: number[]) => matrix.map((row) => row.reduce((sum, w, j) => sum + w * x[j], 0));

test('the reference additive scores pass without leaking tensors; the stub is not attempted', async () => {
  await selectBackend('cpu');
  const before = tf.memory().numTensors;
  assert.match(checkAdditiveScores(additiveScores), /^✓ additiveScores agrees with the library's AdditiveAttention\.score/);
  assert.equal(tf.memory().numTensors, before);
  assert.match(checkAdditiveScores(stub), /^not attempted yet: additiveScores still throws "your code here"/);
  assert.equal(tf.memory().numTensors, before);
});

test('common additive-score mistakes are named', async () => {
  await selectBackend('cpu');
  const noTanh = (s: number[], keys: number[][], W: number[][], U: number[][], v: number[]) =>
    keys.map((h) => { const a = times(W, s); const b = times(U, h); return v.reduce((sum, va, k) => sum + va * (a[k] + b[k]), 0); });
  rejects(() => checkAdditiveScores(noTanh), /expected \(AdditiveAttention\.score\)/, /tanh is missing/);
  const softmaxed = (...args: Parameters<typeof additiveScores>) => {
    const e = additiveScores(...args);
    const top = Math.max(...e);
    const total = e.reduce((sum, x) => sum + Math.exp(x - top), 0);
    return e.map((x) => Math.exp(x - top) / total);
  };
  rejects(() => checkAdditiveScores(softmaxed), /returned the attention weights/);
  const tanhOutside = (...args: Parameters<typeof additiveScores>) => noTanh(...args).map(Math.tanh);
  rejects(() => checkAdditiveScores(tanhOutside), /tanh was applied after the dot product/);
  rejects(() => checkAdditiveScores((_s, keys) => keys.map(() => 0).slice(1)), /one finite number per source position/);
  // Multiplying U by the query and W by the keys reads past the rows: NaN scores.
  const swapped = (s: number[], keys: number[][], W: number[][], U: number[][], v: number[]) => additiveScores(s, keys, U, W, v);
  rejects(() => checkAdditiveScores(swapped), /one finite number per source position/);
});

test('the reference attend passes; the stub is not attempted', () => {
  assert.match(checkAttend(attend), /^✓ attend agrees with the library's maskedSoftmax and contextVector on 4 cases/);
  assert.match(checkAttend(stub), /^not attempted yet: attend/);
});

test('common attend mistakes are named', () => {
  const softmax = (e: number[]) => {
    const top = Math.max(...e);
    const x = e.map((v) => Math.exp(v - top));
    const total = x.reduce((a, b) => a + b, 0);
    return x.map((v) => v / total);
  };
  const contextOf = (weights: number[], keys: number[][]) => keys[0].map((_, k) => keys.reduce((sum, h, i) => sum + weights[i] * h[k], 0));
  const unmasked = (scores: number[], keys: number[][]) => { const weights = softmax(scores); return { weights, context: contextOf(weights, keys) }; };
  rejects(() => checkAttend(unmasked), /three real positions and two of padding/, /mask is ignored/);
  const zeroedAfter = (scores: number[], keys: number[][], mask: number[]) => { const weights = softmax(scores).map((w, i) => w * mask[i]); return { weights, context: contextOf(weights, keys) }; };
  rejects(() => checkAttend(zeroedAfter), /zeroed after a softmax over all positions/);
  const unstable = (scores: number[], keys: number[][], mask: number[]) => {
    const x = scores.map((e, i) => (mask[i] ? Math.exp(e) : 0));
    const total = x.reduce((a, b) => a + b, 0);
    const weights = x.map((v) => v / total);
    return { weights, context: contextOf(weights, keys) };
  };
  rejects(() => checkAttend(unstable), /scores around 1000/, /subtract the largest real score/);
  const unweighted = (scores: number[], keys: number[][], mask: number[]) => ({ weights: attend(scores, keys, mask).weights, context: contextOf(mask, keys) });
  rejects(() => checkAttend(unweighted), /the weights are right/, /added up without their weights/);
});

test('the reference teacher forcing passes; the stub is not attempted', () => {
  assert.match(checkTeacherForcing(teacherForcing), /^✓ teacherForcing builds the same decoder inputs and outputs as the library's seq2seqBatch/);
  assert.match(checkTeacherForcing(stub), /^not attempted yet: teacherForcing/);
});

test('common teacher-forcing mistakes are named', () => {
  rejects(() => checkTeacherForcing((target, bos) => ({ inputs: [bos, ...target], outputs: [...target] })), /lack the end token/);
  rejects(() => checkTeacherForcing((target, bos, eos) => ({ inputs: [bos, ...target, eos], outputs: [...target, eos] })), /should not contain the end token/);
  rejects(() => checkTeacherForcing((target, _bos, eos) => ({ inputs: [...target], outputs: [...target, eos] })), /lack the start token/);
  rejects(() => checkTeacherForcing((target, bos) => ({ inputs: [bos, ...target], outputs: [bos, ...target] })), /Inputs and outputs are the same/);
  rejects(() => checkTeacherForcing(() => [1, 2] as unknown as { inputs: number[]; outputs: number[] }), /must return \{ inputs, outputs \}/);
});
