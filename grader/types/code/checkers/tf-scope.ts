import type * as tfTypes from "@tensorflow/tfjs";
import { cpuTf } from "@/domain/cnn/tf";

/** Like tf.tidy, but the callback may return plain data (tf.tidy only returns tensors): every tensor made inside is freed. */
export function withTf<R>(fn: (tf: typeof tfTypes) => R): R {
  const tf = cpuTf();
  tf.engine().startScope();
  try {
    return fn(tf);
  } finally {
    tf.engine().endScope();
  }
}
