import * as tf from "@tensorflow/tfjs";

let ready = false;

/**
 * TensorFlow.js on its CPU backend, ready for synchronous use.
 * The CPU backend initialises synchronously, so `setBackend` has taken effect when it returns (its promise is
 * only a formality); production mode silences the "install tfjs-node" banner that would otherwise go to stderr.
 */
export function cpuTf(): typeof tf {
  if (!ready) {
    tf.enableProdMode();
    void tf.setBackend("cpu");
    if (tf.getBackend() !== "cpu") throw new Error(`TensorFlow.js CPU backend unavailable (active: ${tf.getBackend()})`);
    ready = true;
  }
  return tf;
}
