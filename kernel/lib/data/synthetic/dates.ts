/**
 * Date-format translation, a small many-to-many task with different input and output lengths
 * (the machine-translation pattern): human-written dates in several formats → ISO 8601,
 *   "march 3, 1999" → "1999-03-03",   "3 mar 1999" → "1999-03-03",   "03/03/1999" → "1999-03-03".
 * Dates are drawn uniformly between 1 January of `years[0]` and 31 December of `years[1]`; the
 * weekday in the `weekday` format is the true one for that date (proleptic Gregorian calendar).
 * The `mm/dd/yyyy` format is the US order; `dd.mm.yyyy` the European one, so "03/04/1999" and
 * "03.04.1999" mean different days and the model must read the separator.
 */
import { Random } from '../../core/random';
import { Vocabulary } from '../../text/vocabulary';
import { positiveInteger } from './checks';

export type DateFormat = 'long' | 'dayMonth' | 'short' | 'us' | 'european' | 'ordinal' | 'weekday';
export const dateFormats: readonly DateFormat[] = ['long', 'dayMonth', 'short', 'us', 'european', 'ordinal', 'weekday'];

const months = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const weekdays = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

export interface DateTranslationOptions {
  count: number;
  /** Formats to draw from, uniformly (default: all). */
  formats?: readonly DateFormat[];
  /** First and last year, inclusive (default [1950, 2049]). */
  years?: [number, number];
  seed?: number;
}

export interface DateTranslationTask {
  sources: string[];
  /** ISO 8601 `yyyy-mm-dd`. */
  targets: string[];
  /** The format of each source. */
  formats: DateFormat[];
  /** Character ids, without <bos>/<eos>. */
  sourceIds: number[][];
  targetIds: number[][];
  /** Every character any source format can use (fixed, not taken from the sample). */
  sourceVocabulary: Vocabulary;
  /** Digits and '-'. */
  targetVocabulary: Vocabulary;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

function ordinal(day: number): string {
  const teen = day % 100 >= 11 && day % 100 <= 13;
  const suffix = teen ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[day % 10] ?? 'th';
  return `${day}${suffix}`;
}

/** The date (UTC) written in `format`. */
export function formatDate(date: Date, format: DateFormat): string {
  const [year, month, day] = [date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()];
  switch (format) {
    case 'long':
      return `${months[month]} ${day}, ${year}`;
    case 'dayMonth':
      return `${day} ${months[month]} ${year}`;
    case 'short':
      return `${day} ${months[month].slice(0, 3)} ${year}`;
    case 'us':
      return `${pad2(month + 1)}/${pad2(day)}/${year}`;
    case 'european':
      return `${pad2(day)}.${pad2(month + 1)}.${year}`;
    case 'ordinal':
      return `${months[month]} ${ordinal(day)}, ${year}`;
    case 'weekday':
      return `${weekdays[date.getUTCDay()]}, ${months[month]} ${day}, ${year}`;
    default:
      throw new Error(`formatDate: unknown format '${String(format)}'; expected one of ${dateFormats.join(', ')}`);
  }
}

/** yyyy-mm-dd */
export function isoDate(date: Date): string {
  return `${String(date.getUTCFullYear()).padStart(4, '0')}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())}`;
}

export function dateTranslation(options: DateTranslationOptions): DateTranslationTask {
  const count = positiveInteger('dateTranslation', 'count', options?.count);
  const formats = options.formats ?? dateFormats;
  if (!Array.isArray(formats) || formats.length === 0) throw new Error('dateTranslation: formats must be a non-empty list');
  for (const format of formats) {
    if (!dateFormats.includes(format)) throw new Error(`dateTranslation: unknown format '${String(format)}'; expected one of ${dateFormats.join(', ')}`);
  }
  const [firstYear, lastYear] = options.years ?? [1950, 2049];
  if (!Number.isInteger(firstYear) || !Number.isInteger(lastYear) || firstYear < 1000 || lastYear > 9999 || lastYear < firstYear) {
    throw new Error(`dateTranslation: years must be [first, last] with 1000 ≤ first ≤ last ≤ 9999; got [${firstYear}, ${lastYear}]`);
  }
  const start = Date.UTC(firstYear, 0, 1);
  const days = Math.round((Date.UTC(lastYear, 11, 31) - start) / 86_400_000) + 1;
  const random = new Random(options.seed ?? 0);
  const sourceVocabulary = new Vocabulary(Array.from(' ,./0123456789abcdefghijklmnopqrstuvwxyz'));
  const targetVocabulary = new Vocabulary(Array.from('-0123456789'));
  const task: DateTranslationTask = { sources: [], targets: [], formats: [], sourceIds: [], targetIds: [], sourceVocabulary, targetVocabulary };
  for (let i = 0; i < count; i++) {
    const date = new Date(start + random.int(days) * 86_400_000);
    const format = formats[random.int(formats.length)];
    const source = formatDate(date, format);
    const target = isoDate(date);
    task.sources.push(source);
    task.targets.push(target);
    task.formats.push(format);
    task.sourceIds.push(sourceVocabulary.encode(Array.from(source)));
    task.targetIds.push(targetVocabulary.encode(Array.from(target)));
  }
  return task;
}
