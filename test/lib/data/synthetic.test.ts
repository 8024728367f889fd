import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addingProblem } from '../../../kernel/lib/data/synthetic/adding';
import { copyTask } from '../../../kernel/lib/data/synthetic/copy';
import { balancedParentheses, isBalanced } from '../../../kernel/lib/data/synthetic/parentheses';
import { sequenceReversal } from '../../../kernel/lib/data/synthetic/reversal';
import { dateFormats, dateTranslation, formatDate, isoDate } from '../../../kernel/lib/data/synthetic/dates';

test('adding problem: two markers, one in each half, and the target is the sum of the marked values', () => {
  const task = addingProblem({ count: 50, length: 30, seed: 4 });
  assert.equal(task.inputs.length, 50);
  task.inputs.forEach((sequence, i) => {
    assert.equal(sequence.length, 30);
    const marked = sequence.flatMap((step, t) => (step[1] === 1 ? [t] : []));
    assert.deepEqual(marked, task.markers[i]);
    assert.ok(marked[0] < 15 && marked[1] >= 15, `markers ${marked}`);
    assert.ok(sequence.every(([value, marker]) => value >= 0 && value < 1 && (marker === 0 || marker === 1)));
    assert.equal(task.targets[i], sequence[marked[0]][0] + sequence[marked[1]][0]);
  });
});

test('adding problem: always answering 1 scores about the documented baseline MSE of 1/6', () => {
  const task = addingProblem({ count: 4000, length: 10, seed: 1 });
  const mse = task.targets.reduce((acc, y) => acc + (y - 1) ** 2, 0) / task.targets.length;
  // Var(u1 + u2) = 1/6 ≈ 0.1667; the standard error of this estimate over 4000 draws is ≈ 0.003.
  assert.ok(Math.abs(mse - task.baselineMSE) < 0.015, `mse ${mse}`);
});

test('generators are deterministic for a seed and differ across seeds', () => {
  assert.deepEqual(addingProblem({ count: 3, length: 8, seed: 9 }), addingProblem({ count: 3, length: 8, seed: 9 }));
  assert.notDeepEqual(addingProblem({ count: 3, length: 8, seed: 9 }).targets, addingProblem({ count: 3, length: 8, seed: 10 }).targets);
  assert.deepEqual(copyTask({ count: 2, seed: 3 }), copyTask({ count: 2, seed: 3 }));
  assert.deepEqual(balancedParentheses({ count: 5, seed: 3 }).texts, balancedParentheses({ count: 5, seed: 3 }).texts);
  assert.deepEqual(sequenceReversal({ count: 5, seed: 3 }).sources, sequenceReversal({ count: 5, seed: 3 }).sources);
  assert.deepEqual(dateTranslation({ count: 5, seed: 3 }).sources, dateTranslation({ count: 5, seed: 3 }).sources);
});

test('copy task: symbols, a delimiter after the delay, and the same symbols in the target at the end', () => {
  const task = copyTask({ count: 20, symbols: 5, delay: 12, alphabet: 4, seed: 2 });
  assert.equal(task.length, 22);
  assert.deepEqual(task.tokens, ['_', 'A', 'B', 'C', 'D', ':']);
  assert.equal(task.delimiterId, 5);
  for (let i = 0; i < 20; i++) {
    const input = task.inputs[i];
    const target = task.targets[i];
    const message = input.slice(0, 5);
    assert.ok(message.every((s) => s >= 1 && s <= 4));
    assert.ok(input.slice(5, 16).every((s) => s === 0));
    assert.equal(input[16], task.delimiterId);
    assert.ok(input.slice(17).every((s) => s === 0));
    assert.ok(target.slice(0, 17).every((s) => s === 0));
    assert.deepEqual(target.slice(17), message);
  }
  assert.equal(task.baselineLoss, (5 * Math.log(4)) / 22);
  assert.throws(() => copyTask({ count: 1, alphabet: 30 }), /alphabet must be at most 26 symbols; got 30/);
});

test('balanced-parentheses checker follows bracket order and kind', () => {
  assert.equal(isBalanced('(()())'), true);
  assert.equal(isBalanced('())('), false);
  assert.equal(isBalanced('(()'), false);
  assert.equal(isBalanced('([]{})', '()[]{}'), true);
  assert.equal(isBalanced('([)]', '()[]'), false);
  assert.equal(isBalanced(''), true);
  assert.throws(() => isBalanced('(a)'), /'a' is not one of the brackets '\(\)'/);
});

for (const pairs of ['()', '()[]{}']) {
  test(`balanced parentheses over '${pairs}': labels are true, classes are even, and lengths do not give the label away`, () => {
    const task = balancedParentheses({ count: 400, minLength: 2, maxLength: 16, pairs, seed: 5 });
    assert.equal(task.labels.filter((l) => l === 1).length, 200);
    const lengthsByLabel: [Set<number>, Set<number>] = [new Set(), new Set()];
    task.texts.forEach((text, i) => {
      assert.equal(isBalanced(text, pairs) ? 1 : 0, task.labels[i], text);
      assert.ok(text.length % 2 === 0 && text.length >= 2 && text.length <= 16);
      lengthsByLabel[task.labels[i]].add(text.length);
      assert.equal(task.vocabulary.decode(task.inputs[i]).join(''), text);
    });
    assert.deepEqual([...lengthsByLabel[0]].sort((a, b) => a - b), [...lengthsByLabel[1]].sort((a, b) => a - b));
    // Labels are shuffled, not alternating.
    assert.ok(task.labels.slice(0, 20).some((label, i) => label === task.labels[i + 1]));
  });
}

test('sequence reversal targets are the sources backwards and ids decode to them', () => {
  const task = sequenceReversal({ count: 30, minLength: 2, maxLength: 6, alphabet: 'xyz', seed: 8 });
  assert.deepEqual(task.vocabulary.tokens.slice(4), ['x', 'y', 'z']);
  task.sources.forEach((source, i) => {
    assert.ok(source.length >= 2 && source.length <= 6 && /^[xyz]+$/.test(source));
    assert.equal(task.targets[i], Array.from(source).reverse().join(''));
    assert.equal(task.vocabulary.decode(task.targetIds[i]).join(''), task.targets[i]);
    assert.deepEqual(task.sourceIds[i].slice().reverse(), task.targetIds[i]);
  });
  assert.throws(() => sequenceReversal({ count: 3, minLength: 5, maxLength: 4 }), /maxLength \(4\) must be at least minLength \(5\)/);
});

test('every date format writes 3 March 1999 (a Wednesday) as documented', () => {
  const date = new Date(Date.UTC(1999, 2, 3));
  const written = Object.fromEntries(dateFormats.map((format) => [format, formatDate(date, format)]));
  assert.deepEqual(written, {
    long: 'march 3, 1999',
    dayMonth: '3 march 1999',
    short: '3 mar 1999',
    us: '03/03/1999',
    european: '03.03.1999',
    ordinal: 'march 3rd, 1999',
    weekday: 'wednesday, march 3, 1999',
  });
  assert.equal(isoDate(date), '1999-03-03');
  const ordinals = [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 31].map((day) => formatDate(new Date(Date.UTC(2000, 0, day)), 'ordinal').split(' ')[1]);
  assert.deepEqual(ordinals, ['1st,', '2nd,', '3rd,', '4th,', '11th,', '12th,', '13th,', '21st,', '22nd,', '23rd,', '31st,']);
});

test('date translation pairs agree: the ISO target written in the source format gives the source back', () => {
  const task = dateTranslation({ count: 300, years: [1900, 2100], seed: 6 });
  const seen = new Set(task.formats);
  assert.equal(seen.size, dateFormats.length);
  task.sources.forEach((source, i) => {
    const target = task.targets[i];
    assert.match(target, /^\d{4}-\d{2}-\d{2}$/);
    const year = Number(target.slice(0, 4));
    assert.ok(year >= 1900 && year <= 2100);
    const date = new Date(`${target}T00:00:00Z`);
    assert.equal(formatDate(date, task.formats[i]), source);
    assert.ok(!task.sourceIds[i].includes(task.sourceVocabulary.unkId), `unknown character in '${source}'`);
    assert.equal(task.targetVocabulary.decode(task.targetIds[i]).join(''), target);
  });
  assert.throws(() => dateTranslation({ count: 2, formats: ['iso' as never] }), /unknown format 'iso'/);
  assert.throws(() => dateTranslation({ count: 0 }), /count must be a positive integer; got 0/);
});
