/**
 * Which parts of each payload count against which of the `PAYLOAD_LIMITS`, checked before the
 * payload's shape: counting is cheap, while checking (and later drawing) a million state names is
 * what froze the output view. Works on JSON of any shape: a field that is not an array or object
 * counts as empty here and is reported by the shape check. Lists are walked only up to their own
 * limit (a longer one is reported already).
 */
import type { Json } from './payloadCheck';
import { contentErrors, countErrors, PAYLOAD_LIMITS, type LimitName } from './payloadLimits';
import type { PayloadKind } from './payloads';

type Count = [path: string, what: string, value: Json, limit: LimitName];

const list = (v: Json): Json[] => (Array.isArray(v) ? v : []);
const record = (v: Json): Record<string, Json> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, Json>) : {});

function graphCounts(p: Record<string, Json>): Count[] {
  const counts: Count[] = [['stateNames', 'state names', p.stateNames, 'names'], ['segments', 'segments', p.segments, 'series']];
  list(p.segments).slice(0, PAYLOAD_LIMITS.series).forEach((segment, s) => {
    const seg = record(segment);
    const at = `segments[${s}]`;
    counts.push([`${at}.steps`, 'steps', seg.steps, 'steps'], [`${at}.layers`, 'layers', seg.layers, 'series']);
    list(seg.layers).slice(0, PAYLOAD_LIMITS.series).forEach((layer, l) =>
      list(record(layer).directions).slice(0, PAYLOAD_LIMITS.series).forEach((direction, d) => {
        const dir = record(direction);
        const path = `${at}.layers[${l}].directions[${d}]`;
        counts.push([`${path}.internals`, 'internals', record(dir.internals), 'names'], [`${path}.gradients.recurrent`, 'gradient edges', record(record(dir.gradients).recurrent), 'names']);
      }),
    );
  });
  return counts;
}

function spectrumCounts(p: Record<string, Json>): Count[] {
  const flow = record(p.gradientFlow);
  return [
    ['eigenvalues', 'eigenvalue sets', p.eigenvalues, 'series'],
    ['gradientFlow.series', 'series', flow.series, 'series'],
    ...list(flow.series).slice(0, PAYLOAD_LIMITS.series).map((s, i): Count => [`gradientFlow.series[${i}].lags`, 'lags', record(s).lags, 'steps']),
    ['gradientHeatmap.values', 'steps', record(p.gradientHeatmap).values, 'steps'],
  ];
}

function textCounts(p: Record<string, Json>): Count[] {
  const counts: Count[] = [['samples', 'samples', p.samples, 'series']];
  list(p.samples).slice(0, PAYLOAD_LIMITS.series).forEach((sample, i) => {
    const tokens = record(sample).tokens;
    counts.push([`samples[${i}].tokens`, 'tokens', tokens, 'steps']);
    list(tokens).slice(0, PAYLOAD_LIMITS.steps).forEach((token, k) => counts.push([`samples[${i}].tokens[${k}].alternatives`, 'alternatives', record(token).alternatives, 'names']));
  });
  counts.push(['beam.nodes', 'beam nodes', record(p.beam).nodes, 'steps'], ['hiddenUnits.tokens', 'tokens', record(p.hiddenUnits).tokens, 'steps']);
  return counts;
}

const counters: Record<PayloadKind, (p: Record<string, Json>) => Count[]> = {
  graph: graphCounts,
  spectrum: spectrumCounts,
  text: textCounts,
  attention: (p) => [['sourceTokens', 'source tokens', p.sourceTokens, 'steps'], ['targetTokens', 'target tokens', p.targetTokens, 'steps']],
  tagging: (p) => [['tokens', 'tokens', p.tokens, 'steps'], ['trellis.tags', 'tags', record(p.trellis).tags, 'names']],
  dashboard: (p) => [['steps', 'steps', p.steps, 'steps'], ['metrics', 'metrics', p.metrics, 'series'], ['samples', 'samples', p.samples, 'series']],
};

/** Sentences for every part of the payload over its limit; empty when it may be drawn. */
export function sizeErrors(kind: PayloadKind, payload: Record<string, Json>): string[] {
  const errors = countErrors(counters[kind](payload));
  return errors.length > 0 ? errors : contentErrors(payload);
}
