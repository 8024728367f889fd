/**
 * Checks that a payload which arrived as JSON has the shape `payloads.ts` promises, before a
 * renderer draws it. A bad or partial payload yields sentences naming the field, what was
 * expected and what arrived; renderers show them in an error box instead of a blank output. A
 * payload over the size limits (`payloadLimits.ts`) is refused first, marked `tooLarge`, without
 * looking further.
 */
import { PayloadChecker, type Json } from './payloadCheck';
import { PAYLOAD_VERSION, type PayloadKind, type PayloadOf } from './payloads';
import { sizeErrors } from './payloadSize';

export type Validation<K extends PayloadKind> = { ok: true; payload: PayloadOf<K> } | { ok: false; errors: string[]; tooLarge?: true };

/** At most this many messages are reported; the first ones are the useful ones. */
const MAX_ERRORS = 8;

type KindRules = (c: PayloadChecker, p: Record<string, Json>) => void;

const rules: Record<PayloadKind, KindRules> = {
  graph: checkGraph,
  spectrum: checkSpectrum,
  text: checkText,
  attention: checkAttention,
  tagging: checkTagging,
  dashboard: checkDashboard,
};

export function validatePayload<K extends PayloadKind>(kind: K, json: unknown): Validation<K> {
  const c = new PayloadChecker();
  if (!c.object('payload', json)) return { ok: false, errors: c.errors };
  if (json.kind !== kind) c.fail('kind', `'${kind}'`, json.kind);
  if (c.integer('version', json.version, 1) && json.version > PAYLOAD_VERSION) {
    c.errors.push(`version: this payload has version ${json.version}, newer than this renderer understands (${PAYLOAD_VERSION}); update the Unrolled extension`);
  }
  c.optionalString('title', json.title);
  if (c.errors.length === 0) {
    const tooLarge = sizeErrors(kind, json);
    if (tooLarge.length > 0) return { ok: false, errors: tooLarge.slice(0, MAX_ERRORS), tooLarge: true };
    rules[kind](c, json);
  }
  if (c.errors.length > 0) return { ok: false, errors: c.errors.slice(0, MAX_ERRORS).concat(c.errors.length > MAX_ERRORS ? [`… and ${c.errors.length - MAX_ERRORS} more`] : []) };
  // Every rule for this kind passed above, so the JSON has the promised shape.
  return { ok: true, payload: json as unknown as PayloadOf<K> };
}

function checkGraph(c: PayloadChecker, p: Record<string, Json>): void {
  c.string('cell', p.cell);
  if (!c.strings('stateNames', p.stateNames) || p.stateNames.length === 0) {
    if (Array.isArray(p.stateNames)) c.fail('stateNames', 'at least one state name', p.stateNames);
    return;
  }
  const stateNames = p.stateNames;
  if (c.integer('hiddenSize', p.hiddenSize, 1)) c.integer('unitsShown', p.unitsShown, 1, p.hiddenSize);
  const patterns = ['many-to-many', 'many-to-one', 'one-to-many', 'encoder-decoder'] as const;
  if (!c.oneOf('pattern', p.pattern, patterns)) return;
  const segmentCount = p.pattern === 'encoder-decoder' ? 2 : 1;
  if (!c.array('segments', p.segments, segmentCount, p.pattern === 'encoder-decoder' ? ' (encoder and decoder)' : ' (one sequence)')) return;
  const steps = p.segments.map((segment, i) => checkGraphSegment(c, `segments[${i}]`, segment, stateNames));
  if (p.attention !== undefined) {
    if (segmentCount !== 2) c.fail('attention', 'no attention outside an encoder-decoder', p.attention);
    else if (steps[0] !== undefined && steps[1] !== undefined) {
      c.numberMatrix('attention', p.attention, steps[1], steps[0], ' (one row per decoder step)');
    }
  }
  c.optionalString('gradientLoss', p.gradientLoss);
}

/** Returns the segment's step count when it is usable. */
function checkGraphSegment(c: PayloadChecker, path: string, s: Json, stateNames: string[]): number | undefined {
  if (!c.object(path, s)) return undefined;
  c.string(`${path}.name`, s.name);
  if (!c.integer(`${path}.steps`, s.steps, 1)) return undefined;
  const T = s.steps;
  const perStep = ' (one per step)';
  c.strings(`${path}.inputLabels`, s.inputLabels, T, perStep);
  c.strings(`${path}.outputLabels`, s.outputLabels, T, perStep);
  for (const key of ['inputs', 'outputs'] as const) {
    if (c.array(`${path}.${key}`, s[key], T, perStep)) {
      s[key].forEach((v, t) => v === null || c.values(`${path}.${key}[${t}]`, v));
    }
  }
  c.string(`${path}.outputWeight`, s.outputWeight);
  if (s.outputGradients !== undefined) c.values(`${path}.outputGradients`, s.outputGradients, T, perStep);
  c.oneOf(`${path}.initialState`, s.initialState, ['zeros', 'given', 'encoder'] as const);
  if (!c.nonEmptyArray(`${path}.layers`, s.layers)) return undefined;
  s.layers.forEach((layer, l) => {
    const lp = `${path}.layers[${l}]`;
    if (!c.object(lp, layer)) return;
    if (layer.merge !== undefined) c.oneOf(`${lp}.merge`, layer.merge, ['concat', 'sum'] as const);
    if (!c.nonEmptyArray(`${lp}.directions`, layer.directions)) return;
    if (layer.directions.length > 2) c.fail(`${lp}.directions`, 'one or two directions', layer.directions);
    layer.directions.forEach((d, k) => checkGraphDirection(c, `${lp}.directions[${k}]`, d, T, stateNames));
  });
  return T;
}

function checkGraphDirection(c: PayloadChecker, path: string, d: Json, T: number, stateNames: string[]): void {
  if (!c.object(path, d)) return;
  c.oneOf(`${path}.direction`, d.direction, ['forward', 'backward'] as const);
  if (c.object(`${path}.weights`, d.weights)) {
    c.string(`${path}.weights.input`, d.weights.input);
    c.string(`${path}.weights.recurrent`, d.weights.recurrent);
  }
  const rows = ' (one row per step)';
  if (c.object(`${path}.states`, d.states)) {
    const states = d.states;
    stateNames.forEach((name) => c.valueMatrix(`${path}.states.${name}`, states[name], T, undefined, rows));
  }
  if (c.object(`${path}.initialState`, d.initialState)) {
    const initial = d.initialState;
    stateNames.forEach((name) => c.values(`${path}.initialState.${name}`, initial[name]));
  }
  c.record(`${path}.internals`, d.internals, (name, m) => c.valueMatrix(`${path}.internals.${name}`, m, T, undefined, rows));
  if (d.gradients !== undefined && c.object(`${path}.gradients`, d.gradients)) {
    c.values(`${path}.gradients.input`, d.gradients.input, T, ' (one per step)');
    c.record(`${path}.gradients.recurrent`, d.gradients.recurrent, (name, v) => c.values(`${path}.gradients.recurrent.${name}`, v, T, ' (one per step)'));
  }
}

function checkSpectrum(c: PayloadChecker, p: Record<string, Json>): void {
  if (p.eigenvalues === undefined && p.gradientFlow === undefined && p.gradientHeatmap === undefined) {
    c.errors.push('payload: expected at least one of eigenvalues, gradientFlow, gradientHeatmap; got none');
    return;
  }
  if (p.eigenvalues !== undefined && c.nonEmptyArray('eigenvalues', p.eigenvalues)) {
    p.eigenvalues.forEach((set, i) => {
      const path = `eigenvalues[${i}]`;
      if (!c.object(path, set)) return;
      c.string(`${path}.label`, set.label);
      if (c.numbers(`${path}.re`, set.re)) c.numbers(`${path}.im`, set.im, set.re.length, ' (as many as re)');
      c.number(`${path}.spectralRadius`, set.spectralRadius);
    });
  }
  if (p.gradientFlow !== undefined && c.object('gradientFlow', p.gradientFlow)) {
    const flow = p.gradientFlow;
    c.string('gradientFlow.yLabel', flow.yLabel);
    if (c.nonEmptyArray('gradientFlow.series', flow.series)) {
      flow.series.forEach((s, i) => {
        const path = `gradientFlow.series[${i}]`;
        if (!c.object(path, s)) return;
        c.string(`${path}.label`, s.label);
        if (c.numbers(`${path}.lags`, s.lags)) c.values(`${path}.norms`, s.norms, s.lags.length, ' (one per lag)');
      });
    }
  }
  if (p.gradientHeatmap !== undefined && c.object('gradientHeatmap', p.gradientHeatmap)) {
    c.string('gradientHeatmap.label', p.gradientHeatmap.label);
    if (c.nonEmptyArray('gradientHeatmap.values', p.gradientHeatmap.values)) c.valueMatrix('gradientHeatmap.values', p.gradientHeatmap.values);
  }
}

function checkText(c: PayloadChecker, p: Record<string, Json>): void {
  if (p.samples === undefined && p.beam === undefined && p.hiddenUnits === undefined) {
    c.errors.push('payload: expected at least one of samples, beam, hiddenUnits; got none');
    return;
  }
  if (p.samples !== undefined && c.nonEmptyArray('samples', p.samples)) {
    p.samples.forEach((s, i) => {
      const path = `samples[${i}]`;
      if (!c.object(path, s)) return;
      c.string(`${path}.label`, s.label);
      c.optionalString(`${path}.prompt`, s.prompt);
      if (s.temperature !== undefined) c.number(`${path}.temperature`, s.temperature);
      if (!c.array(`${path}.tokens`, s.tokens)) return;
      s.tokens.forEach((tok, k) => {
        const tp = `${path}.tokens[${k}]`;
        if (!c.object(tp, tok)) return;
        c.string(`${tp}.text`, tok.text);
        c.value(`${tp}.probability`, tok.probability);
        c.value(`${tp}.entropy`, tok.entropy);
        if (c.array(`${tp}.alternatives`, tok.alternatives)) {
          tok.alternatives.forEach((a, j) => c.object(`${tp}.alternatives[${j}]`, a) && c.string(`${tp}.alternatives[${j}].text`, a.text) && c.value(`${tp}.alternatives[${j}].probability`, a.probability));
        }
      });
    });
  }
  if (p.beam !== undefined && c.object('beam', p.beam)) checkBeam(c, p.beam);
  if (p.hiddenUnits !== undefined && c.object('hiddenUnits', p.hiddenUnits)) {
    const hu = p.hiddenUnits;
    c.string('hiddenUnits.source', hu.source);
    if (c.strings('hiddenUnits.tokens', hu.tokens) && c.valueMatrix('hiddenUnits.activations', hu.activations, hu.tokens.length, undefined, ' (one row per token)')) {
      const units = hu.activations[0]?.length ?? 0;
      if (units === 0) c.fail('hiddenUnits.activations', 'at least one unit per row', hu.activations);
      else c.integer('hiddenUnits.selectedUnit', hu.selectedUnit, 0, units - 1);
    }
  }
}

function checkBeam(c: PayloadChecker, beam: Record<string, Json>): void {
  c.integer('beam.beamWidth', beam.beamWidth, 1);
  if (!c.nonEmptyArray('beam.nodes', beam.nodes)) return;
  const ids = new Set<number>();
  beam.nodes.forEach((n, i) => {
    const path = `beam.nodes[${i}]`;
    if (!c.object(path, n)) return;
    if (c.integer(`${path}.id`, n.id, 0)) ids.add(n.id);
    if (n.parent !== null) c.integer(`${path}.parent`, n.parent, 0);
    c.string(`${path}.token`, n.token);
    c.integer(`${path}.step`, n.step, 0);
    c.value(`${path}.logProb`, n.logProb);
    c.value(`${path}.score`, n.score);
    c.boolean(`${path}.finished`, n.finished);
  });
  beam.nodes.forEach((n, i) => {
    if (typeof n === 'object' && n !== null && 'parent' in n && typeof n.parent === 'number' && !ids.has(n.parent)) {
      c.fail(`beam.nodes[${i}].parent`, 'the id of another node', n.parent);
    }
  });
  if (c.array('beam.chosen', beam.chosen)) {
    beam.chosen.forEach((id, i) => (typeof id === 'number' && ids.has(id)) || c.fail(`beam.chosen[${i}]`, 'the id of a node', id));
  }
}

function checkAttention(c: PayloadChecker, p: Record<string, Json>): void {
  if (!c.oneOf('mode', p.mode, ['matrix', 'pooling'] as const)) return;
  if (!c.strings('sourceTokens', p.sourceTokens)) return;
  const S = p.sourceTokens.length;
  if (p.mode === 'pooling') {
    c.numberMatrix('weights', p.weights, 1, S, ' (one row of one weight per source token)');
    return;
  }
  if (c.strings('targetTokens', p.targetTokens)) c.numberMatrix('weights', p.weights, p.targetTokens.length, S, ' (one row per target token)');
}

function checkTagging(c: PayloadChecker, p: Record<string, Json>): void {
  if (!c.nonEmptyArray('tokens', p.tokens) || !c.strings('tokens', p.tokens)) return;
  const T = p.tokens.length;
  c.strings('predicted', p.predicted, T, ' (one tag per token)');
  c.optionalString('label', p.label);
  if (p.gold !== undefined) c.strings('gold', p.gold, T, ' (one tag per token)');
  if (p.trellis === undefined || !c.object('trellis', p.trellis)) return;
  const tr = p.trellis;
  if (!c.nonEmptyArray('trellis.tags', tr.tags) || !c.strings('trellis.tags', tr.tags)) return;
  const K = tr.tags.length;
  c.valueMatrix('trellis.scores', tr.scores, T, K, ' (one row per token)');
  if (c.numberMatrix('trellis.backpointers', tr.backpointers, T, K, ' (one row per token)')) {
    tr.backpointers.forEach((row, t) => row.forEach((b, k) => c.integer(`trellis.backpointers[${t}][${k}]`, b, t === 0 ? -1 : 0, t === 0 ? -1 : K - 1)));
  }
  if (c.array('trellis.bestPath', tr.bestPath, T, ' (one tag index per token)')) {
    tr.bestPath.forEach((k, t) => c.integer(`trellis.bestPath[${t}]`, k, 0, K - 1));
  }
}

function checkDashboard(c: PayloadChecker, p: Record<string, Json>): void {
  c.oneOf('status', p.status, ['running', 'done', 'interrupted'] as const);
  c.integer('updates', p.updates, 0);
  c.number('elapsedMs', p.elapsedMs);
  c.optionalString('note', p.note);
  if (!c.numbers('steps', p.steps)) return;
  const n = p.steps.length;
  if (c.array('metrics', p.metrics)) {
    p.metrics.forEach((m, i) => {
      const path = `metrics[${i}]`;
      if (!c.object(path, m)) return;
      c.string(`${path}.name`, m.name);
      c.string(`${path}.label`, m.label);
      c.boolean(`${path}.log`, m.log);
      c.values(`${path}.values`, m.values, n, ' (one per step)');
    });
  }
  if (c.array('samples', p.samples)) {
    p.samples.forEach((s, i) => c.object(`samples[${i}]`, s) && c.number(`samples[${i}].step`, s.step) && c.string(`samples[${i}].text`, s.text));
  }
}
