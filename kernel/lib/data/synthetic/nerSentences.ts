/**
 * A synthetic named-entity corpus for the tagging lesson: lower-case English sentences from
 * templates, with people (PER), places (LOC) and organisations (ORG) filled in from the name lists
 * in nerGazetteers.ts, tagged B-I-O:
 *   "teddy roosevelt flew from new york to paris" → B-PER I-PER O O B-LOC I-LOC O B-LOC
 * The templates are written so that the words around a name decide what it is, as in real text:
 *   - a word can be a name or not: "teddy bears are on sale" (O) against "teddy roosevelt was a
 *     president" (B-PER); "in may" against "may chen"; "a new car" against "new york";
 *   - a name can be a person or a place: "florence moved to sydney", "lives in washington" against
 *     "george washington";
 *   - place names and surnames occur inside organisation names: "bank of london", "kim motors".
 * Everything is lower case, so a tagger cannot lean on capital letters. With `unseenRate` > 0 some
 * names come from the lists' held-out parts (for test sets: names never seen in training).
 */
import { Random } from '../../core/random';
import { spansToTags, tagSet, type Span } from '../../tagging/schemes';
import { famousPeople, firstNames, organisationPatterns, organisations, places, surnames, type NameList } from './nerGazetteers';
import { positiveInteger } from './checks';

export type NerEntityType = 'PER' | 'LOC' | 'ORG';
export const nerEntityTypes: readonly NerEntityType[] = ['PER', 'LOC', 'ORG'];

/**
 * The sentence templates. `{PER}`, `{LOC}` and `{ORG}` are filled with a name of that type;
 * `{LAST}` with a surname alone (a PER span, after a title such as "dr").
 */
export const nerTemplates: readonly string[] = [
  '{PER} lives in {LOC}',
  '{PER} flew from {LOC} to {LOC} on monday',
  '{PER} works for {ORG}',
  '{PER} joined {ORG} in {LOC} last year',
  '{ORG} opened a new office in {LOC}',
  'the mayor of {LOC} met {PER} yesterday',
  '{PER} was a president of {ORG}',
  'teddy bears are on sale in {LOC}',
  '{PER} bought two teddy bears for the children',
  '{LOC} is a big city',
  'we visited {LOC} and {LOC} in may',
  'dr {LAST} moved to {LOC}',
  'ms {LAST} works at {ORG} in {LOC}',
  'shares of {ORG} fell on friday',
  '{PER} said that {ORG} will hire more people',
  'a new car costs more in {LOC}',
  '{PER} bought a new house near {LOC}',
  '{PER} studied at {ORG}',
  'in april {PER} visited {LOC}',
  '{PER} and {PER} met in {LOC}',
  '{PER} called mr {LAST} from {LOC}',
  'it rained all day in {LOC}',
  'the car jack was broken',
  'the bank was closed on sunday',
  '{ORG} signed a deal with {ORG}',
  'she met {PER} at the {ORG} office',
  '{PER} wrote a book about {LOC}',
  'the weather in {LOC} was good in may',
  'the new museum in {LOC} opened in april',
  '{PER} moved to {LOC} to work for {ORG}',
  'ask {PER} about the trip to {LOC}',
  '{PER} read a book by {PER}',
];

export interface NerSpan extends Span {
  label: NerEntityType;
  /** True when the name came from a held-out (unseen) list. */
  unseen: boolean;
}

export interface NerSentence {
  tokens: string[];
  /** B-I-O tags, one per token. */
  tags: string[];
  spans: NerSpan[];
  /** Index into `nerTemplates`. */
  template: number;
}

export interface NerSentencesOptions {
  count: number;
  /** Probability that a name is drawn from the held-out part of its list (default 0). */
  unseenRate?: number;
  seed?: number;
}

export interface NerCorpus {
  sentences: NerSentence[];
  /** The same sentences as token lists and tag lists, for batching. */
  tokens: string[][];
  tags: string[][];
  entityTypes: readonly NerEntityType[];
  /** `tagSet(['PER', 'LOC', 'ORG'], 'BIO')`: O, B-PER, I-PER, B-LOC, I-LOC, B-ORG, I-ORG. */
  tagNames: string[];
}

interface Name {
  words: string[];
  unseen: boolean;
}

class NameDrawer {
  constructor(
    private readonly random: Random,
    private readonly unseenRate: number,
  ) {}

  private pick(list: NameList): Name {
    const unseen = list.unseen.length > 0 && this.random.next() < this.unseenRate;
    const part = unseen ? list.unseen : list.seen;
    return { words: part[this.random.int(part.length)].split(' '), unseen };
  }

  /** A full name (first last), a first name alone, or a historical person's name. */
  person(): Name {
    const form = this.random.next();
    if (form < 0.2) return this.pick(famousPeople);
    const first = this.pick(firstNames);
    if (form < 0.4) return first;
    const last = this.pick(surnames);
    return { words: [...first.words, ...last.words], unseen: first.unseen || last.unseen };
  }

  surname(): Name {
    return this.pick(surnames);
  }

  place(): Name {
    return this.pick(places);
  }

  /** An organisation's own name, or one built around a place or a surname. */
  organisation(): Name {
    const form = this.random.next();
    if (form < 0.5) return this.pick(organisations);
    const { placePatterns, surnamePatterns } = organisationPatterns;
    const byPlace = form < 0.8;
    const patterns = byPlace ? placePatterns : surnamePatterns;
    const inner = byPlace ? this.place() : this.surname();
    const pattern = patterns[this.random.int(patterns.length)].split(' ');
    return { words: pattern.flatMap((word) => (word === '*' ? inner.words : [word])), unseen: inner.unseen };
  }

  fill(slot: string): { name: Name; label: NerEntityType } {
    switch (slot) {
      case 'PER':
        return { name: this.person(), label: 'PER' };
      case 'LAST':
        return { name: this.surname(), label: 'PER' };
      case 'LOC':
        return { name: this.place(), label: 'LOC' };
      case 'ORG':
        return { name: this.organisation(), label: 'ORG' };
      default:
        throw new Error(`nerSentences: unknown slot {${slot}} in a template`);
    }
  }
}

/** `count` tagged sentences, each from a template drawn uniformly, with names drawn from the lists. */
export function nerSentences(options: NerSentencesOptions): NerCorpus {
  const count = positiveInteger('nerSentences', 'count', options?.count);
  const unseenRate = options.unseenRate ?? 0;
  if (typeof unseenRate !== 'number' || !(unseenRate >= 0 && unseenRate <= 1)) {
    throw new Error(`nerSentences: unseenRate must be a probability in [0, 1]; got ${String(options.unseenRate)}`);
  }
  const random = new Random(options.seed ?? 0);
  const names = new NameDrawer(random, unseenRate);
  const sentences: NerSentence[] = [];
  for (let i = 0; i < count; i++) {
    const template = random.int(nerTemplates.length);
    const tokens: string[] = [];
    const spans: NerSpan[] = [];
    for (const word of nerTemplates[template].split(' ')) {
      const slot = /^\{([A-Z]+)\}$/.exec(word);
      if (!slot) {
        tokens.push(word);
        continue;
      }
      const { name, label } = names.fill(slot[1]);
      spans.push({ label, start: tokens.length, end: tokens.length + name.words.length, unseen: name.unseen });
      tokens.push(...name.words);
    }
    sentences.push({ tokens, tags: spansToTags(spans, tokens.length, 'BIO'), spans, template });
  }
  return {
    sentences,
    tokens: sentences.map((s) => s.tokens),
    tags: sentences.map((s) => s.tags),
    entityTypes: nerEntityTypes,
    tagNames: tagSet(nerEntityTypes, 'BIO'),
  };
}
