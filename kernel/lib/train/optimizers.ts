/**
 * Optimisers and gradient clipping.
 *
 * The update rules are tfjs's own (`tf.train.*`); this module only names them the way the
 * lectures do and adds clipping, the remedy for exploding gradients (Pascanu, Mikolov & Bengio
 * 2013): when the global norm ‖g‖ = sqrt(Σ_i ‖g_i‖²) over all parameters exceeds a threshold c,
 * rescale every gradient by c / ‖g‖, which keeps the direction and bounds the step.
 */
import { tf } from '../tf';

export type OptimizerName = 'sgd' | 'momentum' | 'adam' | 'rmsprop' | 'adagrad';

export interface OptimizerSpec {
  name: OptimizerName;
  learningRate: number;
  /** momentum: velocity decay (default 0.9); rmsprop: optional momentum (default 0). */
  momentum?: number;
  /** momentum only: Nesterov's look-ahead variant (default false). */
  nesterov?: boolean;
  /** adam (defaults 0.9, 0.999). */
  beta1?: number;
  beta2?: number;
  /** adam, rmsprop: denominator guard (tfjs default when absent). */
  epsilon?: number;
  /** rmsprop: decay of the squared-gradient average (default 0.9). */
  decay?: number;
}

/** A ready tfjs optimiser and the learning rate it was made with (for progress reports). */
export interface NamedOptimizer {
  optimizer: tf.Optimizer;
  learningRate: number;
  /** Absent when the optimiser was built elsewhere and handed in. */
  spec?: OptimizerSpec;
}

const names: readonly OptimizerName[] = ['sgd', 'momentum', 'adam', 'rmsprop', 'adagrad'];

/** Builds the tfjs optimiser for `spec`; a name alone uses tfjs's customary learning rate for it. */
export function createOptimizer(spec: OptimizerSpec | OptimizerName): NamedOptimizer {
  const full: OptimizerSpec = typeof spec === 'string' ? { name: spec, learningRate: defaultLearningRate(spec) } : spec;
  if (!names.includes(full.name)) throw new Error(`createOptimizer: unknown optimiser '${full.name}'; expected one of ${names.join(', ')}`);
  if (!(full.learningRate > 0) || !Number.isFinite(full.learningRate)) {
    throw new Error(`createOptimizer: learningRate must be a positive number; got ${full.learningRate}`);
  }
  const lr = full.learningRate;
  let optimizer: tf.Optimizer;
  switch (full.name) {
    case 'sgd':
      optimizer = tf.train.sgd(lr);
      break;
    case 'momentum':
      optimizer = tf.train.momentum(lr, full.momentum ?? 0.9, full.nesterov ?? false);
      break;
    case 'adam':
      optimizer = tf.train.adam(lr, full.beta1 ?? 0.9, full.beta2 ?? 0.999, full.epsilon);
      break;
    case 'rmsprop':
      optimizer = tf.train.rmsprop(lr, full.decay ?? 0.9, full.momentum ?? 0, full.epsilon);
      break;
    case 'adagrad':
      optimizer = tf.train.adagrad(lr);
      break;
  }
  return { optimizer, learningRate: lr, spec: full };
}

/**
 * The optimiser a training loop uses: one it builds from a spec or name (`owned`: the loop
 * disposes it at the end), or the learner's own (kept), with its learning rate for reports.
 */
export function resolveOptimizer(choice: OptimizerSpec | OptimizerName | NamedOptimizer | tf.Optimizer | undefined, fallback: OptimizerSpec): { named: NamedOptimizer; owned: boolean } {
  if (choice === undefined || typeof choice === 'string') return { named: createOptimizer(choice ?? fallback), owned: true };
  if ('optimizer' in choice) return { named: choice, owned: false };
  // tf.Optimizer's instanceof test reads properties of its operand, so only objects reach it.
  if (choice instanceof tf.Optimizer) {
    // tfjs keeps the rate in a protected field; read it only to report it.
    const rate = Reflect.get(choice, 'learningRate');
    return { named: { optimizer: choice, learningRate: typeof rate === 'number' ? rate : NaN }, owned: false };
  }
  return { named: createOptimizer(choice), owned: true };
}

function defaultLearningRate(name: OptimizerName): number {
  return name === 'adam' || name === 'rmsprop' ? 1e-3 : 1e-2;
}

/** ‖g‖ = sqrt(Σ_i Σ_j g_ij²) over every gradient in the map, as a number. */
export function globalNorm(grads: tf.NamedTensorMap): number {
  const tensors = Object.values(grads);
  if (tensors.length === 0) return 0;
  return tf.tidy(() => tf.sqrt(tf.addN(tensors.map((g) => tf.sum(tf.square(g))))).dataSync()[0]);
}

export interface ClippedGradients {
  /** New tensors (the caller disposes them, and still owns the originals). */
  grads: tf.NamedTensorMap;
  /** The global norm before clipping. */
  norm: number;
}

/** g ← g · min(1, c / ‖g‖): rescales all gradients together when their global norm exceeds `maxNorm`. */
export function clipByGlobalNorm(grads: tf.NamedTensorMap, maxNorm: number): ClippedGradients {
  if (!(maxNorm > 0)) throw new Error(`clipByGlobalNorm: maxNorm must be positive; got ${maxNorm}`);
  const norm = globalNorm(grads);
  const scale = norm > maxNorm ? maxNorm / norm : 1;
  const clipped = tf.tidy(() => Object.fromEntries(Object.entries(grads).map(([name, g]) => [name, tf.mul(g, scale)])));
  return { grads: clipped, norm };
}

/** g_ij ← clip(g_ij, −c, c) elementwise; changes the direction, unlike clipping by norm. */
export function clipByValue(grads: tf.NamedTensorMap, limit: number): ClippedGradients {
  if (!(limit > 0)) throw new Error(`clipByValue: limit must be positive; got ${limit}`);
  const norm = globalNorm(grads);
  const clipped = tf.tidy(() => Object.fromEntries(Object.entries(grads).map(([name, g]) => [name, tf.clipByValue(g, -limit, limit)])));
  return { grads: clipped, norm };
}
