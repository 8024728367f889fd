/**
 * The elementwise part of one time step of each built-in cell, in plain JavaScript: the same
 * arithmetic as `native/lstm.c`, `native/gru.c` and `native/elman.c` (which document every array),
 * one element at a time. Padded rows (mask 0) copy the state forward and pass its gradient back;
 * their output is zero, so its gradient is ignored.
 */
import type { ElmanSteps, F32, GruSteps, LstmSteps } from './numerics';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const isPadding = (mask: F32 | null, b: number) => mask !== null && mask[b] === 0;

export const jsLstmSteps: LstmSteps = {
  forward(B, H, gates, cPrev, hPrev, c, h, tanhC, mask) {
    for (let b = 0; b < B; b++) {
      const row = b * H;
      if (isPadding(mask, b)) {
        c.set(cPrev.subarray(row, row + H), row);
        h.set(hPrev.subarray(row, row + H), row);
        continue;
      }
      const gi = b * 4 * H, gf = gi + H, gg = gi + 2 * H, go = gi + 3 * H;
      for (let q = 0; q < H; q++) {
        const inputGate = (gates[gi + q] = sigmoid(gates[gi + q]));
        const forgetGate = (gates[gf + q] = sigmoid(gates[gf + q]));
        const candidate = (gates[gg + q] = Math.tanh(gates[gg + q]));
        const outputGate = (gates[go + q] = sigmoid(gates[go + q]));
        // c_t = f ⊙ c_{t-1} + i ⊙ c~
        c[row + q] = forgetGate * cPrev[row + q] + inputGate * candidate;
        tanhC[row + q] = Math.tanh(c[row + q]);
        // h_t = o ⊙ tanh(c_t)
        h[row + q] = outputGate * tanhC[row + q];
      }
    }
  },

  backward(B, H, gates, cPrev, tanhC, dh, dOut, dc, dZ, dhPrev, mask) {
    for (let b = 0; b < B; b++) {
      const row = b * H;
      const gi = b * 4 * H, gf = gi + H, gg = gi + 2 * H, go = gi + 3 * H;
      if (isPadding(mask, b)) {
        for (let q = 0; q < H; q++) dhPrev[row + q] = dh[row + q];
        dZ.fill(0, gi, gi + 4 * H);
        continue;
      }
      for (let q = 0; q < H; q++) {
        const i = gates[gi + q], f = gates[gf + q], g = gates[gg + q], o = gates[go + q], tc = tanhC[row + q];
        const dhTotal = dh[row + q] + dOut[row + q];
        // h = o ⊙ tanh(c)
        const dOutputGate = dhTotal * tc;
        const dcTotal = dc[row + q] + dhTotal * o * (1 - tc * tc);
        // c = f ⊙ c_prev + i ⊙ c~
        const dInputGate = dcTotal * g, dCandidate = dcTotal * i, dForgetGate = dcTotal * cPrev[row + q];
        dc[row + q] = dcTotal * f;
        dZ[gi + q] = dInputGate * i * (1 - i);
        dZ[gf + q] = dForgetGate * f * (1 - f);
        dZ[gg + q] = dCandidate * (1 - g * g);
        dZ[go + q] = dOutputGate * o * (1 - o);
        dhPrev[row + q] = 0;
      }
    }
  },
};

export const jsGruSteps: GruSteps = {
  gates(B, H, gates, hPrev, rh) {
    for (let b = 0; b < B; b++) {
      const row = b * H, gz = b * 3 * H, gr = gz + H;
      for (let q = 0; q < H; q++) {
        gates[gz + q] = sigmoid(gates[gz + q]);
        const resetGate = (gates[gr + q] = sigmoid(gates[gr + q]));
        rh[row + q] = resetGate * hPrev[row + q];
      }
    }
  },

  state(B, H, gates, hPrev, h, mask) {
    for (let b = 0; b < B; b++) {
      const row = b * H, gz = b * 3 * H, gh = gz + 2 * H;
      if (isPadding(mask, b)) {
        h.set(hPrev.subarray(row, row + H), row);
        continue;
      }
      for (let q = 0; q < H; q++) {
        const updateGate = gates[gz + q];
        const candidate = (gates[gh + q] = Math.tanh(gates[gh + q]));
        // h_t = z ⊙ h_{t-1} + (1 − z) ⊙ hh
        h[row + q] = updateGate * hPrev[row + q] + (1 - updateGate) * candidate;
      }
    }
  },

  candidateBackward(B, H, gates, hPrev, dh, dOut, dZ, dhPrev, mask) {
    for (let b = 0; b < B; b++) {
      const row = b * H, gz = b * 3 * H, gh = gz + 2 * H;
      if (isPadding(mask, b)) {
        for (let q = 0; q < H; q++) dhPrev[row + q] = dh[row + q];
        dZ.fill(0, gz, gz + 3 * H);
        continue;
      }
      for (let q = 0; q < H; q++) {
        const z = gates[gz + q], hh = gates[gh + q];
        const dhTotal = dh[row + q] + dOut[row + q];
        dZ[gh + q] = dhTotal * (1 - z) * (1 - hh * hh);
        dZ[gz + q] = dhTotal * (hPrev[row + q] - hh) * z * (1 - z);
        dhPrev[row + q] = dhTotal * z;
      }
    }
  },

  resetBackward(B, H, gates, hPrev, dRH, dZ, dhPrev) {
    for (let b = 0; b < B; b++) {
      const row = b * H, gr = b * 3 * H + H;
      for (let q = 0; q < H; q++) {
        const r = gates[gr + q];
        // rh = r ⊙ h_{t-1}
        dZ[gr + q] = dRH[row + q] * hPrev[row + q] * r * (1 - r);
        dhPrev[row + q] += dRH[row + q] * r;
      }
    }
  },
};

const activations = [Math.tanh, (z: number) => Math.max(z, 0), (z: number) => z];
/** g'(z) written through h = g(z): tanh' = 1 − h², relu' = [h > 0], identity' = 1. */
const derivatives = [(h: number) => 1 - h * h, (h: number) => (h > 0 ? 1 : 0), () => 1];

export const jsElmanSteps: ElmanSteps = {
  forward(B, H, activation, z, hPrev, h, mask) {
    const g = activations[activation];
    for (let b = 0; b < B; b++) {
      const row = b * H;
      if (isPadding(mask, b)) {
        h.set(hPrev.subarray(row, row + H), row);
        continue;
      }
      for (let q = 0; q < H; q++) h[row + q] = g(z[row + q]);
    }
  },

  backward(B, H, activation, h, dh, dOut, dZ, dhPrev, mask) {
    const gPrime = derivatives[activation];
    for (let b = 0; b < B; b++) {
      const row = b * H;
      const padding = isPadding(mask, b);
      for (let q = 0; q < H; q++) {
        dZ[row + q] = padding ? 0 : (dh[row + q] + dOut[row + q]) * gPrime(h[row + q]);
        dhPrev[row + q] = padding ? dh[row + q] : 0;
      }
    }
  },
};
