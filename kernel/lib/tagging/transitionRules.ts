/**
 * Which tag may follow which under a tagging scheme: the output structure a per-token softmax
 * ignores (it happily emits I-PER right after B-LOC) and a constrained CRF enforces.
 *   I-X (and E-X) only continue a span of the same type: after B-X or I-X.
 *   A sequence cannot start with I-X or E-X.
 *   BIOS: a B-X must be followed by I-X (a one-token span would be S-X).
 *   BIOES: B-X and I-X must be followed by I-X or E-X, so a span always closes with E-X.
 *   A sequence cannot end inside a span that the scheme requires to continue.
 */
import { parseTag, type ParsedTag, type TagScheme } from './schemes';

export interface TransitionConstraints {
  /** allowed[from][to]: may tag `to` directly follow tag `from`? `[tags][tags]`. */
  allowed: boolean[][];
  /** May a sequence start with this tag? `[tags]`. */
  start: boolean[];
  /** May a sequence end with this tag? `[tags]`. */
  end: boolean[];
}

/** B-X / I-X leave a span of type X open that the next tag may continue. */
function opensSpan(tag: ParsedTag): boolean {
  return tag.prefix === 'B' || tag.prefix === 'I';
}

/** Whether the open span must be continued by the next tag. */
function mustContinue(tag: ParsedTag, scheme: TagScheme): boolean {
  if (scheme === 'BIOS') return tag.prefix === 'B';
  if (scheme === 'BIOES') return tag.prefix === 'B' || tag.prefix === 'I';
  return false;
}

function continuesSpan(tag: ParsedTag): boolean {
  return tag.prefix === 'I' || tag.prefix === 'E';
}

export function isAllowedTransition(from: ParsedTag, to: ParsedTag, scheme: TagScheme): boolean {
  if (continuesSpan(to)) return opensSpan(from) && from.label === to.label;
  return !mustContinue(from, scheme);
}

/** The constraints matrix for the tag list `tags` (in the CRF's tag order) under `scheme`. */
export function allowedTransitions(tags: readonly string[], scheme: TagScheme): TransitionConstraints {
  const parsed = tags.map((tag) => parseTag(tag, scheme));
  return {
    allowed: parsed.map((from) => parsed.map((to) => isAllowedTransition(from, to, scheme))),
    start: parsed.map((tag) => !continuesSpan(tag)),
    end: parsed.map((tag) => !mustContinue(tag, scheme)),
  };
}

/** Whether a whole tag sequence obeys the scheme's transition rules (an empty sequence does). */
export function isValidTagSequence(tags: readonly string[], scheme: TagScheme): boolean {
  if (tags.length === 0) return true;
  const parsed = tags.map((tag) => parseTag(tag, scheme));
  if (continuesSpan(parsed[0]) || mustContinue(parsed[parsed.length - 1], scheme)) return false;
  return parsed.every((to, t) => t === 0 || isAllowedTransition(parsed[t - 1], to, scheme));
}
