/**
 * A vocabulary maps tokens (characters or words) to integer ids and back. Four special tokens
 * always come first, with fixed ids:
 *   0 `<pad>` fills batches to a common length (the batching code pads with id 0),
 *   1 `<unk>` stands for every token not in the vocabulary,
 *   2 `<bos>` and 3 `<eos>` mark the start and end of a sequence (decoders start from `<bos>`
 *     and stop at `<eos>`).
 * Building from a corpus counts the tokens, drops those seen fewer than `minCount` times, keeps
 * the `maxSize` most frequent, and orders them by count (ties: first appearance), so the ids are
 * the same every time the same text is read.
 */
import { tokenizeCharacters, tokenizeWords } from './tokenize';

export interface SpecialTokens {
  pad: string;
  unk: string;
  bos: string;
  eos: string;
}

export const defaultSpecialTokens: SpecialTokens = { pad: '<pad>', unk: '<unk>', bos: '<bos>', eos: '<eos>' };

export interface VocabularyOptions {
  /** Keep only tokens seen at least this often (default 1). */
  minCount?: number;
  /** Keep at most this many ordinary tokens, the most frequent (default: all); the specials come on top. */
  maxSize?: number;
  /** Names of the special tokens (defaults `<pad>`, `<unk>`, `<bos>`, `<eos>`). */
  specials?: Partial<SpecialTokens>;
}

export interface EncodeOptions {
  /** Put `<bos>` first. */
  addBos?: boolean;
  /** Put `<eos>` last. */
  addEos?: boolean;
}

export class Vocabulary {
  static readonly padId = 0;
  static readonly unkId = 1;
  static readonly bosId = 2;
  static readonly eosId = 3;
  readonly padId = Vocabulary.padId;
  readonly unkId = Vocabulary.unkId;
  readonly bosId = Vocabulary.bosId;
  readonly eosId = Vocabulary.eosId;
  readonly specials: SpecialTokens;
  /** id → token; the first four are the specials. */
  readonly tokens: readonly string[];
  /** How often each ordinary token was seen when the vocabulary was built (absent for a given list). */
  readonly counts: ReadonlyMap<string, number>;
  private readonly ids: Map<string, number>;

  /** A vocabulary with exactly these ordinary tokens, in this order, after the four specials. */
  constructor(tokens: readonly string[], options: { specials?: Partial<SpecialTokens>; counts?: ReadonlyMap<string, number> } = {}) {
    this.specials = { ...defaultSpecialTokens, ...options.specials };
    const specialList = [this.specials.pad, this.specials.unk, this.specials.bos, this.specials.eos];
    if (new Set(specialList).size !== 4) throw new Error(`Vocabulary: the special tokens must differ; got ${specialList.join(', ')}`);
    this.tokens = [...specialList, ...tokens];
    this.ids = new Map();
    this.tokens.forEach((token, id) => {
      if (typeof token !== 'string') throw new Error(`Vocabulary: tokens must be strings; entry ${id} is ${typeof token}`);
      if (this.ids.has(token)) throw new Error(`Vocabulary: token '${token}' appears twice (ids ${this.ids.get(token)} and ${id})`);
      this.ids.set(token, id);
    });
    this.counts = options.counts ?? new Map();
  }

  /** Counts tokens over token lists (or one list) and builds the vocabulary. */
  static fromTokens(sequences: readonly (readonly string[])[] | readonly string[], options: VocabularyOptions = {}): Vocabulary {
    const { minCount = 1, maxSize = Infinity } = options;
    if (!Number.isInteger(minCount) || minCount < 1) throw new Error(`Vocabulary: minCount must be a positive integer; got ${minCount}`);
    if (maxSize !== Infinity && (!Number.isInteger(maxSize) || maxSize < 0)) throw new Error(`Vocabulary: maxSize must be a non-negative integer; got ${maxSize}`);
    if (!Array.isArray(sequences)) throw new Error(`Vocabulary.fromTokens: expected an array of tokens or of token arrays; got ${typeof sequences}`);
    const lists = (sequences.length > 0 && Array.isArray(sequences[0]) ? sequences : [sequences]) as readonly (readonly string[])[];
    const counts = new Map<string, number>();
    lists.forEach((list, i) => {
      if (!Array.isArray(list)) throw new Error(`Vocabulary.fromTokens: sequence ${i} is not an array of tokens`);
      for (const token of list) {
        if (typeof token !== 'string') throw new Error(`Vocabulary.fromTokens: sequence ${i} holds a ${typeof token}; tokens must be strings`);
        counts.set(token, (counts.get(token) ?? 0) + 1);
      }
    });
    const specials = { ...defaultSpecialTokens, ...options.specials };
    const reserved = new Set(Object.values(specials));
    // Map iteration order is first appearance, and sort is stable: ties keep that order.
    const kept = [...counts.entries()]
      .filter(([token, count]) => count >= minCount && !reserved.has(token))
      .sort((a, b) => b[1] - a[1])
      .slice(0, maxSize)
      .map(([token]) => token);
    return new Vocabulary(kept, { specials: options.specials, counts });
  }

  /** A character vocabulary (Unicode code points) over one text or many. */
  static characters(texts: string | readonly string[], options: VocabularyOptions = {}): Vocabulary {
    const list = typeof texts === 'string' ? [texts] : texts;
    return Vocabulary.fromTokens(list.map((text) => tokenizeCharacters(text)), options);
  }

  /** A word vocabulary over one text or many, split with `tokenizeWords`. */
  static words(texts: string | readonly string[], options: VocabularyOptions = {}): Vocabulary {
    const list = typeof texts === 'string' ? [texts] : texts;
    return Vocabulary.fromTokens(list.map((text) => tokenizeWords(text)), options);
  }

  /** Number of ids, specials included. */
  get size(): number {
    return this.tokens.length;
  }

  has(token: string): boolean {
    return this.ids.has(token);
  }

  /** The id of `token`, or `<unk>`'s id when it is not in the vocabulary. */
  idOf(token: string): number {
    return this.ids.get(token) ?? this.unkId;
  }

  tokenOf(id: number): string {
    if (!Number.isInteger(id) || id < 0 || id >= this.tokens.length) {
      throw new Error(`Vocabulary: id ${id} is outside [0, ${this.tokens.length})`);
    }
    return this.tokens[id];
  }

  /** Tokens → ids (unknown tokens → `<unk>`), optionally framed by `<bos>` … `<eos>`. */
  encode(tokens: readonly string[], options: EncodeOptions = {}): number[] {
    if (!Array.isArray(tokens)) {
      throw new Error(`Vocabulary.encode: expected an array of tokens; got ${typeof tokens}${typeof tokens === 'string' ? ' (split it first, e.g. with tokenizeCharacters or tokenizeWords)' : ''}`);
    }
    const ids = tokens.map((token) => this.idOf(token));
    if (options.addBos) ids.unshift(this.bosId);
    if (options.addEos) ids.push(this.eosId);
    return ids;
  }

  /** Ids → tokens; `skipSpecials` drops `<pad>`, `<bos>`, `<eos>` (and `<unk>`). */
  decode(ids: ArrayLike<number>, options: { skipSpecials?: boolean } = {}): string[] {
    const tokens: string[] = [];
    for (let i = 0; i < ids.length; i++) {
      if (options.skipSpecials && ids[i] >= 0 && ids[i] < 4) continue;
      tokens.push(this.tokenOf(ids[i]));
    }
    return tokens;
  }

  /** The ordinary tokens and special names, enough to rebuild the vocabulary with `fromJSON`. */
  toJSON(): { tokens: string[]; specials: SpecialTokens } {
    return { tokens: this.tokens.slice(4), specials: { ...this.specials } };
  }

  static fromJSON(json: { tokens: readonly string[]; specials?: Partial<SpecialTokens> }): Vocabulary {
    if (json === null || typeof json !== 'object' || !Array.isArray(json.tokens)) {
      throw new Error('Vocabulary.fromJSON: expected { tokens: string[], specials? }');
    }
    return new Vocabulary(json.tokens, { specials: json.specials });
  }
}
