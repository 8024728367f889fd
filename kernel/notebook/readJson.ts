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
  try {
    return JSON.parse(text);
  } catch (error) {
    const { problem, offset } = describeSyntaxError(text, error instanceof Error ? error.message : String(error));
    throw new NotebookFormatError(`not valid JSON: ${problem}`, offset === undefined ? undefined : positionAt(text, offset), fileLabel);
  }
}

/**
 * V8 words JSON errors well (`Expected ',' or '}' after property value in JSON at position 812`)
 * but leaves the position out of some (`Unexpected token 'x', "..." is not valid JSON`, and the
 * end of input). Where it does, a second, error-tolerant parser locates the first error.
 */
function describeSyntaxError(text: string, message: string): { problem: string; offset?: number } {
  const atPosition = /^(.*?) in JSON at position (\d+)/s.exec(message);
  if (atPosition) return { problem: atPosition[1], offset: Number(atPosition[2]) };
  if (/^Unexpected end of JSON input/.test(message)) return { problem: 'the text ends before the JSON value is complete', offset: text.length };
  const errors: ParseError[] = [];
  parseLenient(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const problem = message.replace(/, ".*" is not valid JSON$/s, '');
  if (errors.length === 0) return { problem };
  const first = errors[0];
  return { problem: `${problem} (${printParseErrorCode(first.error)})`, offset: first.offset };
}
