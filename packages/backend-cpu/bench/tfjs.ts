/**
 * The reference: TensorFlow.js's plain-JS CPU backend (`@tensorflow/tfjs-backend-cpu`), single-threaded
 * like ours. (tfjs-node, the native TensorFlow binding, would be a different comparison.)
 */
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';

export { tf };

/** Selects the CPU backend. Production mode skips TF.js's debug checks and its "install tfjs-node" banner. */
export async function initTfjs(): Promise<void> {
  tf.enableProdMode();
  const ok = await tf.setBackend('cpu');
  if (!ok || tf.getBackend() !== 'cpu') throw new Error('could not select the TF.js cpu backend');
  await tf.ready();
}
