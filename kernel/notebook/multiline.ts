/**
 * nbformat stores long strings (cell sources, stream text, textual MIME data) on disk as lists of
 * lines, each keeping its line ending, and in memory as one string. These are the rules of
 * Jupyter's own reader and writer (nbformat.v4.rwbase `rejoin_lines` / `split_lines`), copied so
 * that files Jupyter wrote are read and re-written unchanged.
 */

/**
 * Python's `str.splitlines(keepends=True)`: breaks after `\n`, `\r`, `\r\n`, and the other
 * Unicode line boundaries Python honours (`\v`, `\f`, `\x1c`-`\x1e`, `\x85`, U+2028, U+2029).
 * `''` gives `[]`; joining the result always gives the input back.
 */
export function splitLines(text: string): string[] {
  const lines: string[] = [];
  const boundary = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/g;
  let start = 0;
  for (let match = boundary.exec(text); match !== null; match = boundary.exec(text)) {
    const end = match.index + match[0].length;
    lines.push(text.slice(start, end));
    start = end;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

/** `application/json` and `application/*+json`: stored as JSON values, never as lines. */
export function isJsonMime(mime: string): boolean {
  return mime === 'application/json' || (mime.startsWith('application/') && mime.endsWith('+json'));
}

/** MIME types whose string values the writer splits into lines. */
export function isSplitMime(mime: string): boolean {
  return mime.startsWith('text/') || mime === 'image/svg+xml' || mime === 'application/javascript';
}

/** The reader joins a list of strings under any MIME type that is not JSON. */
export function joinIfLines(mime: string, value: unknown): unknown {
  if (!isJsonMime(mime) && Array.isArray(value) && value.every((line) => typeof line === 'string')) return value.join('');
  return value;
}

/** The writer's counterpart of {@link joinIfLines}. */
export function splitIfText(mime: string, value: unknown): unknown {
  return typeof value === 'string' && isSplitMime(mime) ? splitLines(value) : value;
}
