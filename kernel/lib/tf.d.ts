/**
 * The one copy of TensorFlow.js every part of the kernel uses. Importing tfjs-core's ES modules
 * together with `register_all_chained_ops` makes `t.reshape()` and friends available (tfjs-layers
 * and learners' cells rely on them); the cpu and wasm backends register themselves on import.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
export { tf };
export default tf;
