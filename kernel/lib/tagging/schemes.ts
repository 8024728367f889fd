/**
 * Tagging schemes that turn labelled spans ("New York" is a LOC) into one tag per token:
 *   BIO:   B-X begins a span, I-X continues it, O is outside every span.
 *   BIOS:  as BIO, but a one-token span is S-X (single), so B-X is always followed by I-X.
 *   BIOES: as BIOS, and the last token of a longer span is E-X (end).
 * Spans are `{ label, start, end }` over token positions, `end` exclusive.
 */

export type TagScheme = 'BIO' | 'BIOS' | 'BIOES';
export const tagSchemes: readonly TagScheme[] = ['BIO', 'BIOS', 'BIOES'];

export type TagPrefix = 'B' | 'I' | 'O' | 'S' | 'E';

export interface Span {
  label: string;
  /** First token of the span. */
  start: number;
  /** One past the last token. */
  end: number;
}

export interface ParsedTag {
  prefix: TagPrefix;
  /** The entity type (`PER`); empty for `O`. */
  label: string;
}

const prefixesOf: Record<TagScheme, readonly TagPrefix[]> = {
  BIO: ['B', 'I', 'O'],
  BIOS: ['B', 'I', 'O', 'S'],
  BIOES: ['B', 'I', 'O', 'E', 'S'],
};

export function checkScheme(scheme: string): asserts scheme is TagScheme {
  if (!tagSchemes.includes(scheme as TagScheme)) {
    throw new Error(`unknown tag scheme '${scheme}'; expected one of ${tagSchemes.join(', ')}`);
  }
}

/** `'B-PER'` → `{ prefix: 'B', label: 'PER' }`; `'O'` → `{ prefix: 'O', label: '' }`. Throws on tags outside `scheme`. */
export function parseTag(tag: string, scheme: TagScheme): ParsedTag {
  checkScheme(scheme);
  if (tag === 'O') return { prefix: 'O', label: '' };
  const match = /^([BIES])-(.+)$/.exec(tag);
  if (!match || !prefixesOf[scheme].includes(match[1] as TagPrefix)) {
    const forms = prefixesOf[scheme].map((p) => (p === 'O' ? 'O' : `${p}-<label>`)).join(', ');
    throw new Error(`tag '${tag}' is not part of the ${scheme} scheme; expected ${forms}`);
  }
  return { prefix: match[1] as TagPrefix, label: match[2] };
}

/** All tags of `scheme` for the entity `labels`: `'O'` first, then each label's tags in prefix order (B, I, E, S). */
export function tagSet(labels: readonly string[], scheme: TagScheme): string[] {
  checkScheme(scheme);
  const order: TagPrefix[] = ['B', 'I', 'E', 'S'];
  const sorted = order.filter((p) => prefixesOf[scheme].includes(p));
  for (const label of labels) {
    if (label.length === 0 || /\s/.test(label)) throw new Error(`tagSet: labels must be non-empty and without spaces, got '${label}'`);
  }
  return ['O', ...labels.flatMap((label) => sorted.map((p) => `${p}-${label}`))];
}

/**
 * Reads the spans off a tag sequence. Ill-formed sequences are read leniently, as the CoNLL
 * evaluation script does: an I-X (or E-X) that does not continue an X span starts a new one.
 */
export function tagsToSpans(tags: readonly string[], scheme: TagScheme): Span[] {
  const spans: Span[] = [];
  let open: { label: string; start: number } | null = null;
  const close = (end: number) => {
    if (open) spans.push({ label: open.label, start: open.start, end });
    open = null;
  };
  tags.forEach((tag, t) => {
    const { prefix, label } = parseTag(tag, scheme);
    const continues = open !== null && (open as { label: string }).label === label;
    switch (prefix) {
      case 'O':
        close(t);
        break;
      case 'B':
        close(t);
        open = { label, start: t };
        break;
      case 'I':
        if (!continues) {
          close(t);
          open = { label, start: t };
        }
        break;
      case 'E':
        if (!continues) {
          close(t);
          open = { label, start: t };
        }
        close(t + 1);
        break;
      case 'S':
        close(t);
        spans.push({ label, start: t, end: t + 1 });
        break;
    }
  });
  close(tags.length);
  return spans;
}

/** Writes `spans` (non-overlapping, inside `[0, length)`) as `length` tags of `scheme`. */
export function spansToTags(spans: readonly Span[], length: number, scheme: TagScheme): string[] {
  checkScheme(scheme);
  if (!Number.isInteger(length) || length < 0) throw new Error(`spansToTags: length must be a non-negative integer, got ${length}`);
  const tags: string[] = new Array(length).fill('O');
  const taken: boolean[] = new Array(length).fill(false);
  for (const span of spans) {
    const { label, start, end } = span;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > length || start >= end) {
      throw new Error(`spansToTags: span ${JSON.stringify(span)} must satisfy 0 ≤ start < end ≤ ${length}`);
    }
    if (label.length === 0 || /\s/.test(label)) throw new Error(`spansToTags: span labels must be non-empty and without spaces, got '${label}'`);
    for (let t = start; t < end; t++) {
      if (taken[t]) throw new Error(`spansToTags: span ${JSON.stringify(span)} overlaps another span at token ${t}`);
      taken[t] = true;
      tags[t] = `I-${label}`;
    }
    const single = end - start === 1;
    if (single && scheme !== 'BIO') tags[start] = `S-${label}`;
    else tags[start] = `B-${label}`;
    if (!single && scheme === 'BIOES') tags[end - 1] = `E-${label}`;
  }
  return tags;
}

/** Re-tags a sequence in another scheme through its spans (e.g. BIO → BIOS turns lone B-X into S-X). */
export function convertTags(tags: readonly string[], from: TagScheme, to: TagScheme): string[] {
  return spansToTags(tagsToSpans(tags, from), tags.length, to);
}
