/**
 * Bytes of a notebook file to a JSON value, refusing what is too large, not UTF-8 or not JSON
 * with a {@link NotebookFormatError} that says what and where.
 */
import { parse as parseLenient, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { NotebookFormatError, positionAt } from './notebookFormatError';

/**
 * The largest notebook opened. A lesson with many images stays far below; a file above this is
 * almost certainly not a lesson, and parsing it would stall the editor.
 */
export const maxNotebookBytes = 32 * 1024 * 1024;

/**
 * The deepest nesting of lists and objects a notebook may have. Lessons reach 8 (a JSON output
 * in an output of a cell); `JSON.parse`, `structuredClone`, the writer and VS Code all recurse
 * once per level, and V8's stack runs out a few thousand levels down, so the limit sits far from
 * both. It is checked by a loop over the text before parsing, never by recursion.
 */
export const maxJsonDepth = 256;

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** The text of a notebook file: size-checked, strict UTF-8, without a byte order mark. */
export function decodeNotebookText(bytes: Uint8Array, fileLabel?: string): string {
  if (bytes.byteLength > maxNotebookBytes) {
    throw new NotebookFormatError(
      `file is ${formatBytes(bytes.byteLength)}, larger than the ${formatBytes(maxNotebookBytes)} a notebook may be; is this really a lesson notebook?`,
      undefined,
      fileLabel,
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new NotebookFormatError('file is not UTF-8 text; a notebook is JSON in UTF-8', undefined, fileLabel);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** `JSON.parse` with its failure turned into a problem and a line/column. */
export function parseJsonText(text: string, fileLabel?: string): unknown {
  if (text.trim() === '') throw new NotebookFormatError('file is empty; expected nbformat 4 JSON', undefined, fileLabel);
  checkNestingDepth(text, fileLabel);
  try {
    return JSON.parse(text);
  } catch (error) {
    const { problem, offset } = describeSyntaxError(text, error instanceof Error ? error.message : String(error));
    throw new NotebookFormatError(`not valid JSON: ${problem}`, offset === undefined ? undefined : positionAt(text, offset), fileLabel);
  }
}

/**
 * Refuses text whose lists and objects nest deeper than {@link maxJsonDepth}, pointing at the
 * first bracket past the limit. Counts `[`/`{` against `]`/`}` outside strings; strings are
 * skipped with `indexOf` (measured: 2–23 ms for 30 MB of base64 images, where JSON.parse takes
 * 0.5–0.9 s; a quarter of JSON.parse's time for 13 MB of small objects).
 * Malformed text is left to `JSON.parse` to describe.
 */
export function checkNestingDepth(text: string, fileLabel?: string): void {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22) {
      i = closingQuote(text, i);
      if (i === -1) return;
    } else if (code === 0x5b || code === 0x7b) {
      if (++depth > maxJsonDepth) {
        throw new NotebookFormatError(
          `lists and objects are nested more than ${maxJsonDepth} levels deep; a notebook may nest at most ${maxJsonDepth} (lessons need fewer than 10)`,
          positionAt(text, i),
          fileLabel,
        );
      }
    } else if (code === 0x5d || code === 0x7d) {
      depth--;
    }
  }
}

/** Index of the `"` ending the string that opens at `start`, or -1 if it never ends. */
function closingQuote(text: string, start: number): number {
  for (let quote = text.indexOf('"', start + 1); quote !== -1; quote = text.indexOf('"', quote + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return quote;
  }
  return -1;
}

/**
 * V8 words JSON errors well (`Expected ',' or '}' after property value in JSON at position 812`)
 * but leaves the position out of some (`Unexpected token 'x', "..." is not valid JSON`, where the
 * quoted snippet of the text may be shortened with `...` at either end, and the end of input).
 * Where it does, a second, error-tolerant parser locates the first error. The snippet is dropped:
 * the position says where, and raw file text would break the one-line message.
 */
function describeSyntaxError(text: string, message: string): { problem: string; offset?: number } {
  const { problem, offset, code } = locateSyntaxError(text, message);
  const hint = offset === undefined ? undefined : hintAt(text, offset);
  // The hint says more than the tolerant parser's code name (`InvalidCommentToken`).
  if (hint) return { problem: `${problem}; ${hint}`, offset };
  return { problem: code ? `${problem} (${code})` : problem, offset };
}

function locateSyntaxError(text: string, message: string): { problem: string; offset?: number; code?: string } {
  const atPosition = /^(.*?) in JSON at position (\d+)/s.exec(message);
  if (atPosition) return { problem: atPosition[1], offset: Number(atPosition[2]) };
  if (/^Unexpected end of JSON input/.test(message)) return { problem: 'the text ends before the JSON value is complete', offset: text.length };
  const errors: ParseError[] = [];
  parseLenient(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const problem = message.replace(/, (?:\.\.\.)?".*?"?(?:\.\.\.)? is not valid JSON$/s, '');
  if (errors.length === 0) return { problem };
  const first = errors[0];
  return { problem, offset: first.offset, code: printParseErrorCode(first.error) };
}

/** What JavaScript allows and JSON does not, when the error sits on it. */
function hintAt(text: string, offset: number): string | undefined {
  const here = text.slice(Math.max(0, offset - 1), offset + 9);
  if (/^.?\/[/*]/s.test(here)) return 'JSON has no comments; remove the // or /* */ comment';
  if (/^.?-?(NaN|Infinity)/s.test(here)) return 'JSON has no NaN or Infinity; write null or a number instead';
  if (text[offset] === "'") return 'JSON strings take double quotes';
  return undefined;
}
