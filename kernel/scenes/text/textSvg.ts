/**
 * Static fallback of the text output: samples as monospace text on coloured token backgrounds
 * (by probability), the beam tree, and the hidden-unit view for the selected unit.
 *
 * Pure: no DOM and no TensorFlow.js imports here.
 */
import type { HiddenUnitView, TextPayload, TextSample } from '../../protocol/payloads';
import { divergingFill } from '../colors';
import { maxAbs } from '../format';
import { el, svgDocument, type SvgChild } from '../svgTree';
import { beamScene } from './beamScene';
import { probabilityFill } from './tokenColors';

const WIDTH = 900;
const CHAR = 7.8;
const LINE = 19;
const MAX_CHARS = Math.floor((WIDTH - 30) / CHAR);

/** A token placed on a monospace grid. */
interface Placed {
  index: number;
  line: number;
  col: number;
  text: string;
}

/** Lays tokens out in lines of at most `maxChars`; a newline token shows as ⏎ and breaks the line. */
export function monoLines(tokens: string[], maxChars = MAX_CHARS, startCol = 0): { placed: Placed[]; lines: number } {
  const placed: Placed[] = [];
  let line = 0;
  let col = startCol;
  tokens.forEach((token, index) => {
    const breaks = token.includes('\n');
    const text = token.replace(/\n/g, '⏎').replace(/\t/g, '⇥');
    if (col + text.length > maxChars && col > 0) {
      line++;
      col = 0;
    }
    placed.push({ index, line, col, text });
    col += text.length;
    if (breaks) {
      line++;
      col = 0;
    }
  });
  return { placed, lines: line + 1 };
}

function tokenRun(placed: Placed[], x: number, y: number, fill: (i: number) => string): SvgChild[] {
  return placed.map((p) =>
    el(
      'g',
      { class: 'token', 'data-index': p.index },
      el('rect', { x: x + p.col * CHAR, y: y + p.line * LINE, width: p.text.length * CHAR, height: LINE - 3, style: `fill:${fill(p.index)}` }),
      el('text', { class: 'mono', x: x + p.col * CHAR, y: y + p.line * LINE + 12, textLength: p.text.length * CHAR, lengthAdjust: 'spacingAndGlyphs' }, p.text),
    ),
  );
}

function sampleBlock(sample: TextSample, y: number): { parts: SvgChild[]; height: number } {
  // The prompt is laid out character by character in front of the sample, uncoloured.
  const prompt = [...(sample.prompt ?? '')];
  const layout = monoLines([...prompt, ...sample.tokens.map((t) => t.text)]);
  const top = y + 18;
  const parts: SvgChild[] = [
    el('text', { class: 'sample-label', x: 10, y: y + 12 }, sample.label),
    layout.placed.filter((p) => p.index < prompt.length).map((p) => el('text', { class: 'mono prompt', x: 10 + p.col * CHAR, y: top + p.line * LINE + 12 }, p.text)),
    tokenRun(
      layout.placed.filter((p) => p.index >= prompt.length),
      10,
      top,
      (i) => probabilityFill(sample.tokens[i - prompt.length].probability),
    ),
  ];
  return { parts, height: 18 + layout.lines * LINE + 10 };
}

function hiddenBlock(view: HiddenUnitView, y: number): { parts: SvgChild[]; height: number } {
  const unit = view.selectedUnit;
  const values = view.activations.map((row) => row[unit]);
  const limit = Math.max(1e-6, maxAbs(values));
  const layout = monoLines(view.tokens);
  const parts: SvgChild[] = [
    el('text', { class: 'sample-label', x: 10, y: y + 12 }, `${view.source}: unit ${unit} (blue < 0 < red, |max| = ${limit.toPrecision(3)})`),
    tokenRun(layout.placed, 10, y + 18, (i) => divergingFill(values[i], limit)),
  ];
  return { parts, height: 18 + layout.lines * LINE + 10 };
}

export const TEXT_CSS = `
.title,.sample-label,.section-title{font-size:12px;font-weight:600;fill:#222222}
.mono{font-family:monospace;font-size:13px;fill:#111111;white-space:pre}
.prompt{fill:#777777}
.beam-edge{fill:none;stroke:#9a9a9a;stroke-width:1.2px}
.beam-edge.chosen{stroke:#d62728;stroke-width:2.5px}
.beam-box{fill:#ffffff;stroke:#8a8a8a}
.beam-node.chosen .beam-box{stroke:#d62728;stroke-width:2px}
.beam-node.finished .beam-box{stroke-dasharray:3 2}
.beam-token{font-family:monospace;font-size:12px;fill:#111111}
.beam-score,.beam-step{font-size:10px;fill:#555555}
`;

export function textSvg(p: TextPayload): string {
  const parts: SvgChild[] = [el('text', { class: 'title', x: 10, y: 16 }, p.title ?? 'Generated text')];
  let y = 28;
  for (const sample of p.samples ?? []) {
    const block = sampleBlock(sample, y);
    parts.push(block.parts);
    y += block.height;
  }
  let width = WIDTH;
  if (p.beam) {
    const scene = beamScene(p.beam);
    parts.push(el('text', { class: 'section-title', x: 10, y: y + 12 }, `Beam search (width ${p.beam.beamWidth}), chosen path in red`), el('g', { transform: `translate(0 ${y + 18})` }, scene.body));
    y += 18 + scene.height + 10;
    width = Math.max(width, scene.width + 20);
  }
  if (p.hiddenUnits) {
    const block = hiddenBlock(p.hiddenUnits, y);
    parts.push(block.parts);
    y += block.height;
  }
  return svgDocument(width, y + 6, TEXT_CSS, parts);
}
