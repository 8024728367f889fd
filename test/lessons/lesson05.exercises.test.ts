import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rejects, stub } from '../support/exercises';
import { checkBioToSpans, checkForwardLogZ, checkViterbi } from '../../kernel/lib/exercises/lesson05';
import { bioToSpans, forwardLogZ, viterbiPath } from '../../lessons/solutions/lesson05';

type Span = { label: string; start: number; end: number };

test('the reference bioToSpans passes; the stub is reported as not attempted', () => {
  assert.match(checkBioToSpans(bioToSpans), /^✓ bioToSpans agrees with tagsToSpans/);
  assert.match(checkBioToSpans(stub), /^not attempted yet: bioToSpans still throws "your code here"/);
});

test('common bioToSpans mistakes are named', () => {
  const inclusiveEnd = (tags: string[]) => bioToSpans(tags).map((s) => ({ ...s, end: s.end - 1 }));
  rejects(() => checkBioToSpans(inclusiveEnd), /expected PER 0\.\.2/, /one past it/);
  const prefixed = (tags: string[]) => bioToSpans(tags).map((s) => ({ ...s, label: `B-${s.label}` }));
  rejects(() => checkBioToSpans(prefixed), /B-\/I- prefix/);
  // Forgets to close the span still open after the last tag.
  const unclosed = (tags: string[]) => {
    const spans: Span[] = [];
    let open: Span | null = null;
    tags.forEach((tag, t) => {
      if (tag.startsWith('I-') && open && open.label === tag.slice(2)) return;
      if (open) spans.push({ ...open, end: t });
      open = tag === 'O' ? null : { label: tag.slice(2), start: t, end: t };
    });
    return spans;
  };
  rejects(() => checkBioToSpans(unclosed), /runs to the end of the sentence is missing/);
  // Ignores every I- tag that continues nothing.
  const strict = (tags: string[]) => {
    const spans: Span[] = [];
    let open: Span | null = null;
    tags.forEach((tag, t) => {
      if (tag.startsWith('I-') && open && open.label === tag.slice(2)) {
        open.end = t + 1;
        return;
      }
      if (open) spans.push(open);
      open = tag.startsWith('B-') ? { label: tag.slice(2), start: t, end: t + 1 } : null;
    });
    if (open) spans.push(open);
    return spans;
  };
  rejects(() => checkBioToSpans(strict), /O, I-PER, I-PER, O/, /lenient \(CoNLL\) reading starts a new span/);
  // Lets I-PER continue a LOC span.
  const labelBlind = (tags: string[]) => bioToSpans(tags.map((tag, t) => (tag.startsWith('I-') && t > 0 && tags[t - 1] !== 'O' ? `I-${tags[t - 1].slice(2)}` : tag)));
  rejects(() => checkBioToSpans(labelBlind), /continued a span of another type/);
  rejects(() => checkBioToSpans(() => 'PER 0..2' as unknown as Span[]), /must return an array of \{ label, start, end \}/);
});

test('the reference Viterbi passes; the stub is reported as not attempted', () => {
  assert.match(checkViterbi(viterbiPath), /^✓ viterbiPath finds the best path/);
  assert.match(checkViterbi(stub), /^not attempted yet: viterbiPath/);
});

test('common Viterbi mistakes are named', () => {
  const argMax = (v: number[]) => v.indexOf(Math.max(...v));
  rejects(() => checkViterbi((emissions) => emissions.map(argMax)), /best path is \[1, 1, 1, 1\]/, /argmax of the emissions/);
  const leftToRight = (emissions: number[][], transitions: number[][]) => {
    const path: number[] = [];
    emissions.forEach((row, t) => path.push(argMax(row.map((e, k) => e + (t > 0 ? transitions[path[t - 1]][k] : 0)))));
    return path;
  };
  rejects(() => checkViterbi(leftToRight), /greedy left to right/);
  const transposedRows = (emissions: number[][], transitions: number[][]) => viterbiPath(emissions, transitions.map((row, j) => row.map((_, k) => transitions[k][j])));
  rejects(() => checkViterbi(transposedRows), /the row is the previous tag/);
  rejects(() => checkViterbi((e, a) => viterbiPath(e, a).reverse()), /reversed/);
  rejects(() => checkViterbi((e) => e.slice(1).map(() => 0)), /one tag id .* per token, 4 in all/);
});

test('the reference forward algorithm passes; the stub is reported as not attempted', () => {
  assert.match(checkForwardLogZ(forwardLogZ), /^✓ forwardLogZ matches enumeration/);
  assert.match(checkForwardLogZ(stub), /^not attempted yet: forwardLogZ/);
});

test('common forward-algorithm mistakes are named', () => {
  const maxInsteadOfSum = (e: number[][], a: number[][]) => {
    const path = viterbiPath(e, a);
    return path.reduce((s, k, t) => s + e[t][k] + (t > 0 ? a[path[t - 1]][k] : 0), 0);
  };
  rejects(() => checkForwardLogZ(maxInsteadOfSum), /score of the best path \(max, as in Viterbi\)/);
  rejects(() => checkForwardLogZ((e, a) => Math.exp(forwardLogZ(e, a))), /returned Z itself/);
  rejects(() => checkForwardLogZ((e, a) => forwardLogZ(e, a.map((row) => row.map(() => 0)))), /transition scores are missing/);
  rejects(() => checkForwardLogZ((e, a) => forwardLogZ(e, a.map((row, j) => row.map((_, k) => a[k][j])))), /the row is the previous tag/);
  // Sums probabilities directly: right on small scores, Infinity on large ones.
  const naive = (e: number[][], a: number[][]) => {
    let alpha = e[0].map(Math.exp);
    for (let t = 1; t < e.length; t++) alpha = e[t].map((x, k) => Math.exp(x) * alpha.reduce((s, p, j) => s + p * Math.exp(a[j][k]), 0));
    return Math.log(alpha.reduce((s, p) => s + p, 0));
  };
  rejects(() => checkForwardLogZ(naive), /emissions around 400 forwardLogZ returned Infinity/, /m \+ log Σ exp\(v − m\)/);
});
