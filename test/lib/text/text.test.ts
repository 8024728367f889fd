import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../../kernel/lib/backend';
import { tf } from '../../../kernel/lib/tf';
import { setInterruptSource } from '../../../kernel/lib/core/interrupt';
import { Vocabulary } from '../../../kernel/lib/text/vocabulary';
import { tokenizeCharacters, tokenizeWhitespace, tokenizeWords } from '../../../kernel/lib/text/tokenize';
import { englishStopWords, lowerCase, normalizeText, removePunctuation, removeStopWords } from '../../../kernel/lib/text/normalize';
import { stem, stemAll } from '../../../kernel/lib/text/stem';
import { characterNgrams, ngramCounts, ngramFeatures, ngrams, ngramStrings } from '../../../kernel/lib/text/ngrams';
import { CBOW } from '../../../kernel/lib/text/word2vec';
import { padSequences } from '../../../kernel/lib/text/padding';
import { gradCheck } from '../../support/gradcheck';

test('a vocabulary puts <pad>, <unk>, <bos>, <eos> at ids 0–3 and orders words by count, ties by first appearance', () => {
  const vocabulary = Vocabulary.fromTokens([['b', 'a', 'c'], ['a', 'c', 'd']]);
  assert.deepEqual(vocabulary.tokens, ['<pad>', '<unk>', '<bos>', '<eos>', 'a', 'c', 'b', 'd']);
  assert.deepEqual([vocabulary.padId, vocabulary.unkId, vocabulary.bosId, vocabulary.eosId], [0, 1, 2, 3]);
  assert.equal(vocabulary.size, 8);
  assert.equal(vocabulary.counts.get('a'), 2);
});

test('minCount drops rare tokens and maxSize keeps the most frequent ones; unknown tokens encode as <unk>', () => {
  const tokens = ['x', 'y', 'y', 'z', 'z', 'z', 'w', 'w', 'w', 'w'];
  const byCount = Vocabulary.fromTokens(tokens, { minCount: 2 });
  assert.deepEqual(byCount.tokens.slice(4), ['w', 'z', 'y']);
  const bySize = Vocabulary.fromTokens(tokens, { maxSize: 2 });
  assert.deepEqual(bySize.tokens.slice(4), ['w', 'z']);
  assert.deepEqual(bySize.encode(['w', 'x', 'z'], { addBos: true, addEos: true }), [2, 4, 1, 5, 3]);
});

test('encode and decode round-trip and decode can drop the special tokens', () => {
  const vocabulary = Vocabulary.characters(['hello', 'world']);
  const ids = vocabulary.encode(tokenizeCharacters('hold'), { addBos: true, addEos: true });
  assert.equal(vocabulary.decode(ids).join(''), '<bos>hold<eos>');
  assert.equal(vocabulary.decode([...ids, 0, 0], { skipSpecials: true }).join(''), 'hold');
  assert.equal(vocabulary.idOf('q'), vocabulary.unkId);
  assert.throws(() => vocabulary.tokenOf(99), /id 99 is outside \[0, 11\)/);
  assert.throws(() => vocabulary.encode('hold' as never), /expected an array of tokens; got string \(split it first/);
});

test('a word vocabulary survives JSON and custom special names are used', () => {
  const vocabulary = Vocabulary.words('the cat sat on the mat', { specials: { unk: '[UNK]' } });
  const copy = Vocabulary.fromJSON(JSON.parse(JSON.stringify(vocabulary)));
  assert.deepEqual(copy.tokens, vocabulary.tokens);
  assert.equal(copy.tokens[1], '[UNK]');
  assert.equal(copy.idOf('the'), 4);
  assert.throws(() => new Vocabulary(['a', 'a']), /token 'a' appears twice \(ids 4 and 5\)/);
});

test('word tokenisation keeps contractions, hyphenated words and numbers whole and punctuation apart', () => {
  assert.deepEqual(tokenizeWords("Don't panic: state-of-the-art costs $3.50, not 1,000!"), [
    "Don't", 'panic', ':', 'state-of-the-art', 'costs', '$', '3.50', ',', 'not', '1,000', '!',
  ]);
  assert.deepEqual(tokenizeWords('Hi, there!', { keepPunctuation: false }), ['Hi', 'there']);
  assert.deepEqual(tokenizeWhitespace('  a  b\tc\n'), ['a', 'b', 'c']);
  assert.deepEqual(tokenizeCharacters('né😀'), ['n', 'é', '😀']);
  assert.throws(() => tokenizeWords(42 as never), /tokenizeWords: expected a string; got number/);
});

test('normalisation lower-cases, removes punctuation and stop words but keeps negations', () => {
  assert.equal(lowerCase('GREAT Movie'), 'great movie');
  assert.equal(removePunctuation("It's great!!! Really...great."), 'Its great Really great');
  assert.equal(normalizeText("  The FILM wasn't bad -- at ALL!  "), 'the film wasnt bad at all');
  const tokens = tokenizeWhitespace(normalizeText('This is not the best movie of the year'));
  assert.deepEqual(removeStopWords(tokens), ['not', 'best', 'movie', 'year']);
  assert.ok(englishStopWords.includes('the') && !englishStopWords.includes('not'));
  assert.deepEqual(removeStopWords(['A', 'Cat'], ['a']), ['Cat']);
});

test('the Porter stemmer reduces the inflections of Porter (1980)\'s examples', () => {
  // Expected stems from the examples in Porter, "An algorithm for suffix stripping" (1980).
  assert.deepEqual(stemAll(['caresses', 'ponies', 'cats', 'running', 'relational', 'connected', 'connecting', 'connection']), [
    'caress', 'poni', 'cat', 'run', 'relat', 'connect', 'connect', 'connect',
  ]);
  assert.equal(stem('generalization'), 'gener');
});

test('n-grams are every run of n consecutive tokens', () => {
  assert.deepEqual(ngrams(['a', 'b', 'c', 'd'], 3), [['a', 'b', 'c'], ['b', 'c', 'd']]);
  assert.deepEqual(ngrams(['a'], 2), []);
  assert.deepEqual(ngramStrings(['not', 'good', 'at', 'all'], 2), ['not good', 'good at', 'at all']);
  assert.deepEqual(ngramFeatures(['not', 'good']), ['not', 'good', 'not good']);
  assert.deepEqual(characterNgrams('cats', 2), ['ca', 'at', 'ts']);
  assert.deepEqual([...ngramCounts([['a', 'b', 'a', 'b'], ['b', 'a']], 2)], [['a b', 2], ['b a', 2]]);
  assert.throws(() => ngrams(['a'], 0), /n must be a positive integer; got 0/);
});

/**
 * A corpus where "cat"/"dog" share contexts, and "red"/"blue" share others; CBOW should put each
 * pair close together.
 */
function toyCorpus(): string[][] {
  const sentences: string[][] = [];
  for (const animal of ['cat', 'dog']) {
    for (const verb of ['eats', 'chases', 'sees']) sentences.push(['the', animal, verb, 'the', 'mouse'], ['a', 'small', animal, 'sleeps', 'here']);
  }
  for (const colour of ['red', 'blue']) {
    for (const thing of ['car', 'ball', 'house']) sentences.push(['my', colour, thing, 'is', 'bright', 'and', 'new'], ['paint', 'it', colour, 'today']);
  }
  return sentences;
}

test('CBOW contexts take c words each side, masked at sentence edges, and skip unknown targets', async () => {
  await selectBackend('cpu');
  const vocabulary = Vocabulary.fromTokens([['a', 'b', 'c']]);
  const model = new CBOW({ vocabulary, dimension: 4, window: 2 });
  const data = model.examples([['a', 'b', 'zzz']]);
  // Targets a and b (zzz is unknown); for target a the context is [pad, pad, b, <unk>].
  assert.deepEqual(Array.from(data.targets), [4, 5]);
  assert.deepEqual(Array.from(data.contexts.subarray(0, 4)), [0, 0, 5, 1]);
  assert.deepEqual(Array.from(data.mask.subarray(0, 4)), [0, 0, 1, 1]);
  model.dispose();
});

test('CBOW logits are the masked average of context vectors times W′', async () => {
  await selectBackend('cpu');
  const vocabulary = new Vocabulary(['x', 'y']);
  const model = new CBOW({ vocabulary, dimension: 2, window: 1 });
  // W rows: <pad> … then x = [1, 2], y = [3, -1]; W′ = identity-like [2, 6].
  model.weights.input.assign(tf.tensor2d([[9, 9], [9, 9], [9, 9], [9, 9], [1, 2], [3, -1]]));
  model.weights.output.assign(tf.tensor2d([[1, 0, 0, 0, 1, 0], [0, 1, 0, 0, 0, 1]]));
  const logits = model.logits(tf.tensor2d([[4, 5], [0, 5]], [2, 2], 'int32'), tf.tensor2d([[1, 1], [0, 1]]));
  // h = ([1,2] + [3,-1]) / 2 = [2, 0.5]; second row only y: h = [3, -1] (the pad row 9,9 is masked out).
  assert.deepEqual(Array.from(logits.dataSync()), [2, 0.5, 0, 0, 2, 0.5, 3, -1, 0, 0, 3, -1]);
  logits.dispose();
  model.dispose();
});

test('the CBOW loss gradient agrees with finite differences', async () => {
  await selectBackend('cpu');
  const vocabulary = Vocabulary.fromTokens(toyCorpus());
  const model = new CBOW({ vocabulary, dimension: 3, window: 2, seed: 3 });
  const data = model.examples(toyCorpus().slice(0, 3));
  const contexts = tf.tensor2d(data.contexts, [data.count, data.width], 'int32');
  const mask = tf.tensor2d(data.mask, [data.count, data.width]);
  const targets = tf.tensor1d(data.targets, 'int32');
  const result = gradCheck(() => model.loss(contexts, mask, targets), model.weights);
  assert.ok(result.maxRelativeError < 2e-3, JSON.stringify(result));
  tf.dispose([contexts, mask, targets]);
  model.dispose();
});

test('CBOW training lowers the loss, groups words that share contexts, repeats with the same seed and leaks nothing', async () => {
  await selectBackend('cpu');
  const corpus = toyCorpus();
  const vocabulary = Vocabulary.fromTokens(corpus);
  const before = tf.memory().numTensors;
  const run = () => {
    const model = new CBOW({ vocabulary, dimension: 8, window: 2, seed: 1 });
    const history = model.train(corpus, { epochs: 60, batchSize: 16, learningRate: 0.05 });
    return { model, history };
  };
  const { model, history } = run();
  assert.equal(history.interrupted, false);
  assert.equal(history.losses.length, 60);
  assert.ok(history.losses[59] < history.losses[0] * 0.6, `losses ${history.losses[0]} → ${history.losses[59]}`);
  assert.ok(model.similarity('cat', 'dog') > model.similarity('cat', 'red'), `cat~dog ${model.similarity('cat', 'dog')}, cat~red ${model.similarity('cat', 'red')}`);
  assert.equal(model.nearest('red', 1)[0].word, 'blue');
  const again = run();
  assert.deepEqual(again.history.losses, history.losses);
  model.dispose();
  again.model.dispose();
  assert.equal(tf.memory().numTensors, before);
});

test('CBOW training stops between steps when interrupted and reports it', async () => {
  await selectBackend('cpu');
  const corpus = toyCorpus();
  const model = new CBOW({ vocabulary: Vocabulary.fromTokens(corpus), dimension: 4, seed: 2 });
  let checks = 0;
  setInterruptSource(() => ++checks > 3);
  try {
    const history = model.train(corpus, { epochs: 10, batchSize: 8 });
    assert.equal(history.interrupted, true);
    assert.equal(history.steps, 3);
  } finally {
    setInterruptSource(() => false);
  }
  assert.throws(() => model.nearest('unicorn'), /'unicorn' is not in the vocabulary/);
  model.dispose();
});

test('CBOW trains on the wasm backend too', async () => {
  await selectBackend('wasm');
  const corpus = toyCorpus();
  const model = new CBOW({ vocabulary: Vocabulary.fromTokens(corpus), dimension: 4, seed: 2 });
  const history = model.train(corpus, { epochs: 3, batchSize: 16, learningRate: 0.05 });
  assert.ok(history.losses[2] < history.losses[0]);
  model.dispose();
  await selectBackend('cpu');
});

test('padding puts <pad> after each sequence, marks real steps in the mask and can cut long ones', async () => {
  await selectBackend('cpu');
  const { ids, mask, lengths } = padSequences([[5, 6, 7], [8], [9, 10]]);
  assert.deepEqual(ids.arraySync(), [[5, 6, 7], [8, 0, 0], [9, 10, 0]]);
  assert.deepEqual(mask.arraySync(), [[1, 1, 1], [1, 0, 0], [1, 1, 0]]);
  assert.deepEqual(lengths, [3, 1, 2]);
  const cut = padSequences([[1, 2, 3, 4], [5]], { maxLength: 2, padId: 9 });
  assert.deepEqual(cut.ids.arraySync(), [[1, 2], [5, 9]]);
  assert.deepEqual(cut.lengths, [2, 1]);
  assert.throws(() => padSequences([[1, 0.5]]), /sequence 0 holds 0.5 at step 1; ids must be integers/);
  tf.dispose([ids, mask, cut.ids, cut.mask]);
});
