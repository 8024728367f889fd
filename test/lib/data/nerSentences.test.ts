import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nerSentences, nerTemplates } from '../../../kernel/lib/data/synthetic/nerSentences';
import { famousPeople, firstNames, organisations, places, surnames } from '../../../kernel/lib/data/synthetic/nerGazetteers';
import { tagsToSpans } from '../../../kernel/lib/tagging/schemes';
import { isValidTagSequence } from '../../../kernel/lib/tagging/transitionRules';

const lists = { firstNames, surnames, famousPeople, places, organisations };
const seenEntries = new Set(Object.values(lists).flatMap((list) => list.seen));
const unseenEntries = new Set(Object.values(lists).flatMap((list) => list.unseen));

test('the B-I-O tags of every sentence are well formed and spell out exactly its spans', () => {
  const corpus = nerSentences({ count: 400, seed: 3, unseenRate: 0.3 });
  assert.deepEqual(corpus.tagNames, ['O', 'B-PER', 'I-PER', 'B-LOC', 'I-LOC', 'B-ORG', 'I-ORG']);
  for (const s of corpus.sentences) {
    assert.equal(s.tags.length, s.tokens.length);
    assert.ok(isValidTagSequence(s.tags, 'BIO'), s.tags.join(' '));
    assert.ok(s.tags.every((tag) => corpus.tagNames.includes(tag)));
    assert.deepEqual(tagsToSpans(s.tags, 'BIO'), s.spans.map(({ label, start, end }) => ({ label, start, end })));
    assert.ok(s.tokens.every((w) => /^[a-z]+$/.test(w)), `lower-case words only: ${s.tokens.join(' ')}`);
  }
  assert.deepEqual(corpus.tokens, corpus.sentences.map((s) => s.tokens));
  assert.deepEqual(corpus.tags, corpus.sentences.map((s) => s.tags));
});

test('the same seed gives the same corpus and another seed a different one', () => {
  assert.deepEqual(nerSentences({ count: 30, seed: 8 }), nerSentences({ count: 30, seed: 8 }));
  assert.notDeepEqual(nerSentences({ count: 30, seed: 8 }).tokens, nerSentences({ count: 30, seed: 9 }).tokens);
});

test('held-out names never appear with unseenRate 0 and are the only names with unseenRate 1', () => {
  for (const entry of unseenEntries) assert.ok(!seenEntries.has(entry), `'${entry}' is both held out and seen`);
  const spanText = (tokens: string[], start: number, end: number) => tokens.slice(start, end).join(' ');
  const seenOnly = nerSentences({ count: 500, seed: 1 });
  for (const s of seenOnly.sentences) {
    for (const span of s.spans) {
      assert.equal(span.unseen, false);
      const text = spanText(s.tokens, span.start, span.end);
      assert.ok(![...unseenEntries].some((entry) => ` ${text} `.includes(` ${entry} `)), `held-out name inside '${text}'`);
    }
  }
  const unseenOnly = nerSentences({ count: 300, seed: 1, unseenRate: 1 });
  const spans = unseenOnly.sentences.flatMap((s) => s.spans.map((span) => ({ span, text: spanText(s.tokens, span.start, span.end) })));
  assert.ok(spans.length > 0);
  for (const { span, text } of spans) {
    assert.equal(span.unseen, true);
    assert.ok([...unseenEntries].some((entry) => ` ${text} `.includes(` ${entry} `)), `'${text}' contains no held-out name`);
  }
});

test('context decides: the same word is tagged differently in different sentences', () => {
  const corpus = nerSentences({ count: 2000, seed: 4 });
  const tagsOf = (word: string) => new Set(corpus.sentences.flatMap((s) => s.tags.filter((_, t) => s.tokens[t] === word)));
  assert.deepEqual([...tagsOf('teddy')].sort(), ['B-PER', 'O']);
  for (const word of ['florence', 'jordan', 'austin']) assert.ok(tagsOf(word).has('B-PER') && tagsOf(word).has('B-LOC'), word);
  for (const word of ['washington', 'london']) assert.ok(tagsOf(word).has('I-PER') && tagsOf(word).has('B-LOC'), word);
  assert.ok(tagsOf('new').has('O') && tagsOf('new').has('B-LOC'));
  assert.ok(tagsOf('may').has('O') && tagsOf('may').has('B-PER'));
  const multiWordCities = corpus.sentences.flatMap((s) => s.spans.filter((span) => span.label === 'LOC' && span.end - span.start > 1));
  assert.ok(multiWordCities.length > 50);
  const placesInsideOrganisations = corpus.sentences.filter((s) => s.tokens.some((w, t) => w === 'of' && s.tags[t] === 'I-ORG'));
  assert.ok(placesInsideOrganisations.length > 20);
  assert.deepEqual(new Set(corpus.sentences.map((s) => s.template)).size, nerTemplates.length);
});

test('bad options are refused with what was expected', () => {
  assert.throws(() => nerSentences({ count: 0 }), /nerSentences: count must be a positive integer; got 0/);
  assert.throws(() => nerSentences({ count: 5, unseenRate: 1.5 }), /unseenRate must be a probability in \[0, 1\]; got 1.5/);
});
