import { test } from 'node:test';
import assert from 'node:assert/strict';
import { convertTags, parseTag, spansToTags, tagSet, tagsToSpans, tagSchemes, type Span, type TagScheme } from '../../../kernel/lib/tagging/schemes';
import { allowedTransitions, isValidTagSequence } from '../../../kernel/lib/tagging/transitionRules';
import { spanScores } from '../../../kernel/lib/tagging/spanMetrics';

const spans: Span[] = [
  { label: 'PER', start: 0, end: 2 },
  { label: 'LOC', start: 3, end: 4 },
  { label: 'ORG', start: 5, end: 8 },
];
const written: Record<TagScheme, string[]> = {
  BIO: ['B-PER', 'I-PER', 'O', 'B-LOC', 'O', 'B-ORG', 'I-ORG', 'I-ORG'],
  BIOS: ['B-PER', 'I-PER', 'O', 'S-LOC', 'O', 'B-ORG', 'I-ORG', 'I-ORG'],
  BIOES: ['B-PER', 'E-PER', 'O', 'S-LOC', 'O', 'B-ORG', 'I-ORG', 'E-ORG'],
};

test('spans are written as BIO, BIOS (S for one-token spans) and BIOES tags, and read back', () => {
  for (const scheme of tagSchemes) {
    assert.deepEqual(spansToTags(spans, 8, scheme), written[scheme], scheme);
    assert.deepEqual(tagsToSpans(written[scheme], scheme), spans, scheme);
  }
});

test('tags convert between schemes through their spans', () => {
  assert.deepEqual(convertTags(written.BIO, 'BIO', 'BIOS'), written.BIOS);
  assert.deepEqual(convertTags(written.BIOES, 'BIOES', 'BIO'), written.BIO);
  assert.deepEqual(convertTags(written.BIOS, 'BIOS', 'BIOES'), written.BIOES);
});

test('two adjacent spans of the same type stay apart because the second starts with B', () => {
  assert.deepEqual(tagsToSpans(['B-PER', 'B-PER', 'I-PER'], 'BIO'), [
    { label: 'PER', start: 0, end: 1 },
    { label: 'PER', start: 1, end: 3 },
  ]);
});

test('ill-formed tags are read leniently: an I-X that continues nothing starts a new span', () => {
  assert.deepEqual(tagsToSpans(['O', 'I-PER', 'I-PER', 'B-LOC', 'I-PER'], 'BIO'), [
    { label: 'PER', start: 1, end: 3 },
    { label: 'LOC', start: 3, end: 4 },
    { label: 'PER', start: 4, end: 5 },
  ]);
  assert.deepEqual(tagsToSpans(['O', 'E-PER', 'B-LOC'], 'BIOES'), [
    { label: 'PER', start: 1, end: 2 },
    { label: 'LOC', start: 2, end: 3 },
  ]);
});

test('tag sets list O first, then each label in B, I, E, S order', () => {
  assert.deepEqual(tagSet(['PER', 'LOC'], 'BIO'), ['O', 'B-PER', 'I-PER', 'B-LOC', 'I-LOC']);
  assert.deepEqual(tagSet(['PER'], 'BIOS'), ['O', 'B-PER', 'I-PER', 'S-PER']);
  assert.deepEqual(tagSet(['PER'], 'BIOES'), ['O', 'B-PER', 'I-PER', 'E-PER', 'S-PER']);
});

test('tags outside the scheme, overlapping spans and unknown schemes are refused with what was expected', () => {
  assert.throws(() => parseTag('S-PER', 'BIO'), /tag 'S-PER' is not part of the BIO scheme; expected B-<label>, I-<label>, O/);
  assert.throws(() => tagsToSpans(['B-PER', 'E-PER'], 'BIOS'), /'E-PER' is not part of the BIOS scheme/);
  assert.throws(() => spansToTags([{ label: 'A', start: 0, end: 2 }, { label: 'B', start: 1, end: 3 }], 4, 'BIO'), /overlaps another span at token 1/);
  assert.throws(() => spansToTags([{ label: 'A', start: 2, end: 5 }], 4, 'BIO'), /must satisfy 0 ≤ start < end ≤ 4/);
  assert.throws(() => tagSet(['PER'], 'IOB2' as TagScheme), /unknown tag scheme 'IOB2'; expected one of BIO, BIOS, BIOES/);
});

test('the transition rules forbid I-PER after B-LOC and starting inside a span', () => {
  const tags = tagSet(['PER', 'LOC'], 'BIO');
  const { allowed, start, end } = allowedTransitions(tags, 'BIO');
  const id = (tag: string) => tags.indexOf(tag);
  assert.equal(allowed[id('B-LOC')][id('I-PER')], false);
  assert.equal(allowed[id('B-PER')][id('I-PER')], true);
  assert.equal(allowed[id('I-PER')][id('I-PER')], true);
  assert.equal(allowed[id('O')][id('I-LOC')], false);
  assert.equal(allowed[id('B-PER')][id('O')], true);
  assert.deepEqual(start, [true, true, false, true, false]);
  assert.deepEqual(end, [true, true, true, true, true]);
});

test('BIOS requires B to continue, BIOES requires every span to close with E', () => {
  const bios = tagSet(['PER'], 'BIOS');
  const rulesS = allowedTransitions(bios, 'BIOS');
  assert.equal(rulesS.allowed[bios.indexOf('B-PER')][bios.indexOf('O')], false);
  assert.equal(rulesS.allowed[bios.indexOf('I-PER')][bios.indexOf('O')], true);
  assert.equal(rulesS.end[bios.indexOf('B-PER')], false);
  const bioes = tagSet(['PER'], 'BIOES');
  const rulesE = allowedTransitions(bioes, 'BIOES');
  assert.equal(rulesE.allowed[bioes.indexOf('I-PER')][bioes.indexOf('O')], false);
  assert.equal(rulesE.allowed[bioes.indexOf('I-PER')][bioes.indexOf('E-PER')], true);
  assert.equal(rulesE.allowed[bioes.indexOf('E-PER')][bioes.indexOf('I-PER')], false);
  assert.equal(rulesE.end[bioes.indexOf('I-PER')], false);
});

test('a tag sequence obeys the transition rules exactly when writing its spans back reproduces it (all sequences up to 4 tags)', () => {
  for (const scheme of tagSchemes) {
    const tags = tagSet(['A', 'B'], scheme);
    let valid = 0;
    const visit = (prefix: string[]) => {
      if (prefix.length > 0) {
        const roundTrip = spansToTags(tagsToSpans(prefix, scheme), prefix.length, scheme);
        const reproduces = roundTrip.every((tag, t) => tag === prefix[t]);
        assert.equal(isValidTagSequence(prefix, scheme), reproduces, `${scheme}: ${prefix.join(' ')}`);
        if (reproduces) valid++;
      }
      if (prefix.length < 4) for (const tag of tags) visit([...prefix, tag]);
    };
    visit([]);
    assert.ok(valid > 10, `${scheme}: only ${valid} valid sequences found`);
  }
});

test('span precision, recall and F1 count exact matches only (worked example)', () => {
  // Worked by hand. Gold spans: PER [0,2) and LOC [7,9) in sentence 1; LOC [6,8) in sentence 2;
  // PER [0,2) and LOC [3,4) in sentence 3: 5 gold spans (2 PER, 3 LOC).
  // Predicted: PER [0,1), LOC [7,9); PER [0,1), LOC [6,8); LOC [0,1), PER [1,2), LOC [3,4): 7 spans (3 PER, 4 LOC).
  // Exact matches: the three LOC spans LOC [7,9), LOC [6,8), LOC [3,4); no PER span matches.
  // precision = 3/7, recall = 3/5, F1 = 2·(3/7)·(3/5) / (3/7 + 3/5) = (18/35) / (36/35) = 1/2.
  // LOC: precision 3/4, recall 3/3, F1 = 2·0.75 / 1.75 = 6/7. PER: all 0.
  const gold = [
    ['B-PER', 'I-PER', 'O', 'O', 'O', 'O', 'O', 'B-LOC', 'I-LOC'],
    ['O', 'O', 'O', 'O', 'O', 'O', 'B-LOC', 'I-LOC'],
    ['B-PER', 'I-PER', 'O', 'B-LOC'],
  ];
  const predicted = [
    ['B-PER', 'O', 'O', 'O', 'O', 'O', 'O', 'B-LOC', 'I-LOC'],
    ['B-PER', 'O', 'O', 'O', 'O', 'O', 'B-LOC', 'I-LOC'],
    ['B-LOC', 'I-PER', 'O', 'B-LOC'],
  ];
  const scores = spanScores(gold, predicted, 'BIO');
  assert.equal(scores.correct, 3);
  assert.equal(scores.predicted, 7);
  assert.equal(scores.gold, 5);
  assert.ok(Math.abs(scores.precision - 3 / 7) < 1e-12);
  assert.ok(Math.abs(scores.recall - 3 / 5) < 1e-12);
  assert.ok(Math.abs(scores.f1 - 0.5) < 1e-12);
  assert.ok(Math.abs(scores.byLabel.LOC.f1 - 6 / 7) < 1e-12);
  assert.deepEqual(scores.byLabel.PER, { precision: 0, recall: 0, f1: 0, correct: 0, predicted: 3, gold: 2 });
  assert.throws(() => spanScores(gold, predicted.slice(0, 2), 'BIO'), /expected as many predicted sentences as gold ones, got 2 and 3/);
});

test('perfect predictions score 1 and no predictions score 0 without dividing by zero', () => {
  const gold = [written.BIOES];
  assert.equal(spanScores(gold, gold, 'BIOES').f1, 1);
  const none = spanScores(gold, [written.BIOES.map(() => 'O')], 'BIOES');
  assert.deepEqual([none.precision, none.recall, none.f1], [0, 0, 0]);
});
