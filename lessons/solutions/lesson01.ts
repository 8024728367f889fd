/**
 * Reference solutions to the exercises of lesson 1 (01-elman-rnn.seqnb). Paste a function into
 * the exercise cell, or compare it with yours.
 */

/** h_t = tanh(W_hh h_{t-1} + W_xh x_t + b); W_xh is [H][I], W_hh is [H][H] (lecture convention). */
export function elmanStep(x: number[], hPrev: number[], W_xh: number[][], W_hh: number[][], b: number[]): number[] {
  return b.map((bias, i) => {
    let z = bias;
    for (let j = 0; j < x.length; j++) z += W_xh[i][j] * x[j];
    for (let j = 0; j < hPrev.length; j++) z += W_hh[i][j] * hPrev[j];
    return Math.tanh(z);
  });
}

/** [h_1 … h_T]: the state threaded through `step`, one call per input. */
export function unroll(step: (h: number[], x: number[]) => number[], h0: number[], xs: number[][]): number[][] {
  const states: number[][] = [];
  let h = h0;
  for (const x of xs) {
    h = step(h, x);
    states.push(h);
  }
  return states;
}

export const patterns: Record<string, string> = {
  'spam filtering of an email': 'many-to-one',
  'part-of-speech tagging of a sentence': 'many-to-many (same length)',
  'generating a melody from a chosen first note': 'one-to-many',
  'translating English into German': 'many-to-many (different lengths)',
  'classifying a photo as cat or dog': 'one-to-one',
  'speech recognition: audio frames in, words out': 'many-to-many (different lengths)',
};
