/**
 * The words and sentence patterns behind the synthetic movie reviews (reviews.ts). Opinion
 * sentences carry the sentiment; filler sentences are neutral (some contain a negation that flips
 * nothing, "we had not seen the trailer", so that "not" alone decides nothing). In the patterns,
 * `{aspect}`, `{good}`/`{bad}` (an adjective of the review's polarity, chosen by the generator),
 * `{intensifier}` and the filler slots are filled from the lists below.
 */

export const aspects: readonly string[] = ['acting', 'plot', 'story', 'script', 'music', 'ending', 'dialogue', 'cast', 'pacing', 'soundtrack', 'direction', 'photography'];

/** Adjectives by polarity: index 1 positive, index 0 negative. */
export const sentimentAdjectives: readonly [readonly string[], readonly string[]] = [
  ['bad', 'terrible', 'awful', 'boring', 'dull', 'poor', 'weak', 'tedious', 'disappointing', 'messy', 'bland', 'clumsy'],
  ['good', 'great', 'excellent', 'wonderful', 'brilliant', 'superb', 'enjoyable', 'moving', 'charming', 'delightful', 'clever', 'gripping'],
];

/** Verbs of liking by polarity, past tense and base form: [past, base]. */
export const sentimentVerbs: readonly [readonly (readonly [string, string])[], readonly (readonly [string, string])[]] = [
  [['hated', 'hate'], ['disliked', 'dislike'], ['regretted', 'regret']],
  [['loved', 'love'], ['enjoyed', 'enjoy'], ['liked', 'like'], ['adored', 'adore']],
];

export const intensifiers: readonly string[] = ['really', 'truly', 'very', 'quite', 'rather'];

/** Words naming the film itself. */
export const filmWords: readonly string[] = ['film', 'movie', 'picture'];

/**
 * Opinion patterns as [plain, negated] pairs. `{adj}` is an adjective and `{verb}`/`{verbBase}` a
 * verb of the sentence's surface polarity; negation flips the review's label. `{wasnt}` and
 * `{didnt}` become "was not"/"wasn't" and "did not"/"didn't".
 */
export const opinionPatterns: readonly (readonly [string, string])[] = [
  ['the {aspect} was {adj}', 'the {aspect} {wasnt} {adj}'],
  ['the {aspect} was {intensifier} {adj}', 'the {aspect} {wasnt} {intensifier} {adj}'],
  ['it is a {adj} {film}', 'it is not a {adj} {film}'],
  ['i {verb} the {aspect}', 'i {didnt} {verbBase} the {aspect}'],
  ['i {verb} this {film}', 'i {didnt} {verbBase} this {film}'],
  ['overall a {intensifier} {adj} {film}', 'overall not a {adj} {film} at all'],
  ['the {aspect} and the {aspect} were {adj}', 'neither the {aspect} nor the {aspect} was {adj}'],
];

/** Neutral sentences: facts about the film and the viewing, no sentiment words. */
export const fillerPatterns: readonly string[] = [
  'i watched it on {day} with my {relative}',
  'the {film} is about a {job} who moves to {place}',
  'it runs for about {duration}',
  'most of it was shot in {place}',
  'we bought tickets for the {time} show',
  'there is a long scene on a {vehicle}',
  'the story takes place in the {decade}',
  'my {relative} had read the book first',
  'the lead actor plays a {job}',
  'it came out in {month}',
  'we had not seen the trailer before',
  'i did not know the director before',
  'the cinema was half full on {day}',
  'the {film} is based on a novel from the {decade}',
];

export const fillerWords: Readonly<Record<string, readonly string[]>> = {
  day: ['monday', 'tuesday', 'friday', 'saturday', 'sunday'],
  relative: ['sister', 'brother', 'father', 'mother', 'friend', 'cousin'],
  job: ['teacher', 'doctor', 'farmer', 'pilot', 'baker', 'lawyer', 'nurse'],
  place: ['a small town', 'the city', 'a coastal town', 'a village', 'the mountains', 'the desert'],
  duration: ['two hours', 'ninety minutes', 'two and a half hours', 'an hour and a half'],
  time: ['early', 'late', 'afternoon', 'evening'],
  vehicle: ['train', 'boat', 'bridge', 'bus', 'ship'],
  decade: ['sixties', 'seventies', 'eighties', 'nineties'],
  month: ['march', 'june', 'october', 'december'],
};
