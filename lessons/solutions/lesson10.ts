/**
 * Reference solutions to the exercises of lesson 10 (10-state-space-models.seqnb). Paste a function
 * into the exercise cell, or compare it with yours. Everything is per mode (A is diagonal), on plain arrays.
 */
import type { ScanElement } from '../../kernel/lib/exercises/lesson10';

/** Zero-order hold for a real diagonal system: Ā = e^{Δa}, B̄ = (e^{Δa} − 1)/a · b. */
export function zohDiscretize(a: number[], b: number[], step: number): { stateMatrix: number[]; inputMatrix: number[] } {
  const stateMatrix = a.map((an) => Math.exp(step * an));
  // (ΔA)⁻¹ (e^{ΔA} − I) ΔB: the Δ of (ΔA)⁻¹ cancels the Δ of ΔB
  const inputMatrix = a.map((an, n) => ((stateMatrix[n] - 1) / an) * b[n]);
  return { stateMatrix, inputMatrix };
}

/** K_k = Σ_n C_n Ā_n^k B̄_n for k = 0 … length − 1: the response to a unit impulse at step 0. */
export function convolutionKernel(stateMatrix: number[], inputMatrix: number[], outputMatrix: number[], length: number): number[] {
  return Array.from({ length }, (_, k) => stateMatrix.reduce((sum, an, n) => sum + outputMatrix[n] * an ** k * inputMatrix[n], 0));
}

/** (a, b) then (a′, b′): x ↦ a′(a x + b) + b′ = (a′a) x + (a′b + b′). */
export function combine(earlier: ScanElement, later: ScanElement): ScanElement {
  return {
    a: later.a.map((a2, i) => a2 * earlier.a[i]),
    b: later.a.map((a2, i) => a2 * earlier.b[i] + later.b[i]),
  };
}
