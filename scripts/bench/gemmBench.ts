/**
 * The matrix product alone: GFLOP/s of the fused kernels' gemm (`linalg.gemm` on panels packed
 * once, as the kernels use it) at the shapes one training step runs, against `torch.mm` where the
 * torch peer is present. FLOPs counted as 2·M·N·K.
 */
import type { Numerics } from '../../kernel/lib/fused/numerics';
import { instantiateRecurrentWasm, loadRecurrentWasm } from '../../kernel/lib/fused/wasmModule';
import { wasmNumerics } from '../../kernel/lib/fused/wasmNumerics';
import { randomIds } from './shapes';
import { median } from './timing';

export interface GemmShape {
  what: string;
  M: number;
  N: number;
  K: number;
}

/** For an LSTM at hidden size H, batch B, T = 50 steps: one step's h·U, and the ∂L/∂U product. */
export function gemmShapes(H: number, B: number): GemmShape[] {
  return [
    { what: `step h·U (B=${B}, 4H)`, M: B, N: 4 * H, K: H },
    { what: `∂L/∂U (H, 4H, T·B)`, M: H, N: 4 * H, K: 50 * B },
    { what: 'square 1024', M: 1024, N: 1024, K: 1024 },
  ];
}

/** The WebAssembly builds that load here, by name (`relaxed` FMA, `simd128`). */
export function gemmBuilds(): [string, Numerics][] {
  const builds: [string, Numerics][] = [];
  for (const variant of ['relaxed', 'simd128'] as const) {
    const loaded = loadRecurrentWasm(variant);
    if ('module' in loaded) builds.push([variant, wasmNumerics(instantiateRecurrentWasm(loaded.module))]);
  }
  return builds;
}

/** Median GFLOP/s over `rounds`, each repeating the product for at least `minSeconds`. */
export function ourGemm(num: Numerics, shape: GemmShape, rounds: number, minSeconds: number): number {
  const { M, N, K } = shape;
  const ws = num.allocate({ A: M * K, B: K * N, packed: num.linalg.panelSize(K, N), C: M * N });
  const fill = (a: Float32Array, seed: number) => {
    const ids = randomIds({ B: 1, T: a.length - 1, V: 1000, H: 0 }, seed);
    for (let i = 0; i < a.length; i++) a[i] = ids[i] / 1000 - 0.5;
  };
  fill(ws.f32.A, 1);
  fill(ws.f32.B, 2);
  num.linalg.packPanels(K, N, ws.f32.B, N, ws.f32.packed);
  const once = () => num.linalg.gemm(M, N, K, ws.f32.A, K, ws.f32.packed, ws.f32.C, N, false);
  once();
  const rates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let n = 0;
    const start = process.hrtime.bigint();
    let seconds = 0;
    do {
      once();
      n++;
      seconds = Number(process.hrtime.bigint() - start) / 1e9;
    } while (seconds < minSeconds);
    rates.push((2 * M * N * K * n) / seconds / 1e9);
  }
  return median(rates);
}
