/**
 * The name lists behind the synthetic named-entity corpus (nerSentences.ts), lower case, one
 * entry per name, words separated by spaces. Each list has a `seen` part (used for training
 * sentences) and an `unseen` part that a test set can draw from, so that a tagger is also scored
 * on names it never read and must recognise from their context alone.
 *
 * Several words deliberately belong to more than one list (florence, sydney, austin, victoria,
 * charlotte, georgia, orlando, jordan, may, april are first names and places; washington,
 * lincoln, london are surnames and places; place names also occur inside organisation names such
 * as "bank of london"). They are all in the `seen` parts, so training shows each reading. The
 * names are invented or historical; none stands for a real person's data.
 */

export interface NameList {
  seen: readonly string[];
  unseen: readonly string[];
}

export const firstNames: NameList = {
  seen: [
    'anna', 'maria', 'john', 'david', 'sarah', 'james', 'laura', 'peter', 'emma', 'daniel', 'sofia', 'lucas', 'chloe', 'omar',
    'priya', 'wei', 'kenji', 'fatima', 'carlos', 'elena', 'noah', 'grace', 'ivan', 'amara',
    'florence', 'sydney', 'austin', 'victoria', 'charlotte', 'georgia', 'orlando', 'jordan', 'may', 'april',
  ],
  unseen: ['hannah', 'mateo', 'yuki', 'leila', 'tomas', 'nadia', 'samuel', 'ingrid'],
};

export const surnames: NameList = {
  seen: [
    'smith', 'garcia', 'chen', 'khan', 'mueller', 'rossi', 'novak', 'kim', 'okafor', 'silva', 'tanaka', 'dubois', 'kowalski',
    'ivanova', 'larsen', 'patel', 'nguyen', 'cohen', 'washington', 'lincoln', 'london', 'jordan',
  ],
  unseen: ['moreau', 'haddad', 'lindqvist', 'mensah', 'petrova', 'oconnor'],
};

/** Whole names of historical people, as one PER span each. */
export const famousPeople: NameList = {
  seen: ['teddy roosevelt', 'franklin roosevelt', 'george washington', 'abraham lincoln', 'jack london', 'florence nightingale'],
  unseen: ['ada lovelace', 'marie curie'],
};

export const places: NameList = {
  seen: [
    'paris', 'london', 'berlin', 'madrid', 'rome', 'tokyo', 'cairo', 'lima', 'oslo', 'dublin', 'vienna', 'boston', 'chicago',
    'denver', 'seattle', 'toronto', 'mumbai', 'nairobi', 'lagos',
    'new york', 'san francisco', 'los angeles', 'new delhi', 'hong kong', 'cape town', 'buenos aires', 'rio de janeiro',
    'salt lake city', 'new zealand', 'sri lanka',
    'florence', 'sydney', 'austin', 'victoria', 'charlotte', 'georgia', 'orlando', 'jordan', 'washington', 'lincoln',
  ],
  unseen: ['prague', 'warsaw', 'accra', 'kyoto', 'tel aviv', 'kuala lumpur', 'mexico city', 'san diego'],
};

/** Organisations with names of their own (invented ones and international bodies). */
export const organisations: NameList = {
  seen: [
    'acme', 'globex', 'initech', 'northwind traders', 'blue river bank', 'apex motors', 'stellar airlines', 'harbor health',
    'united nations', 'red cross', 'world bank', 'pinecrest college',
  ],
  unseen: ['umbrella labs', 'silver line rail', 'orbit media', 'greenleaf foods'],
};

/**
 * Organisation names built around another name, the `*` standing for a place or a surname:
 * they make place words and surnames appear inside ORG spans.
 */
export const organisationPatterns: { placePatterns: readonly string[]; surnamePatterns: readonly string[] } = {
  placePatterns: ['university of *', 'bank of *', '* times', '* general hospital'],
  surnamePatterns: ['* and sons', '* motors'],
};
