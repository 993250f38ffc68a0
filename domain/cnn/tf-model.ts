import type * as tfTypes from "@tensorflow/tfjs";
import type { ResolvedLayer } from "./spec";
import { cpuTf } from "./tf";

type TfLayer = tfTypes.layers.Layer;

/**
 * The same stack as a real tfjs layers model (activations are left linear: they change neither shapes nor
 * parameter counts). Used to cross-check the engine; the caller must `dispose()` the model.
 */
export function buildTfModel(inputShape: number[], layers: ResolvedLayer[]): tfTypes.Sequential {
  const tf = cpuTf();
  const model = tf.sequential();
  let adding: TfLayer | undefined;
  try {
    layers.forEach((layer, index) => {
      adding = tfLayer(tf, layer, index === 0 ? inputShape : undefined);
      model.add(adding);
    });
  } catch (error) {
    // a layer refused by `add` may already have created its weights, and the model does not own it
    for (const weight of adding?.weights ?? []) weight.dispose();
    if (model.layers.length > 0) model.dispose();
    throw error;
  }
  return model;
}

const pair = (values: number[]): [number, number] => [values[0], values[1]];

function tfLayer(tf: typeof tfTypes, layer: ResolvedLayer, inputShape: number[] | undefined): TfLayer {
  const common = inputShape ? { inputShape } : {};
  switch (layer.type) {
    case "Conv1D":
      return tf.layers.conv1d({
        ...common,
        filters: layer.filters,
        kernelSize: layer.kernel_size[0],
        strides: layer.strides[0],
        padding: layer.padding,
        dilationRate: layer.dilation_rate[0],
        useBias: layer.use_bias,
      });
    case "Conv2D":
      return tf.layers.conv2d({
        ...common,
        filters: layer.filters,
        kernelSize: pair(layer.kernel_size),
        strides: pair(layer.strides),
        padding: layer.padding,
        dilationRate: pair(layer.dilation_rate),
        useBias: layer.use_bias,
      });
    case "MaxPooling1D":
      return tf.layers.maxPooling1d({ ...common, poolSize: layer.pool_size[0], strides: layer.strides[0], padding: layer.padding });
    case "AveragePooling1D":
      return tf.layers.averagePooling1d({ ...common, poolSize: layer.pool_size[0], strides: layer.strides[0], padding: layer.padding });
    case "MaxPooling2D":
      return tf.layers.maxPooling2d({ ...common, poolSize: pair(layer.pool_size), strides: pair(layer.strides), padding: layer.padding });
    case "AveragePooling2D":
      return tf.layers.averagePooling2d({ ...common, poolSize: pair(layer.pool_size), strides: pair(layer.strides), padding: layer.padding });
    case "GlobalAveragePooling1D":
      return tf.layers.globalAveragePooling1d({ ...common });
    case "GlobalAveragePooling2D":
      return tf.layers.globalAveragePooling2d({ ...common });
    case "GlobalMaxPooling1D":
      return tf.layers.globalMaxPooling1d({ ...common });
    case "GlobalMaxPooling2D":
      return tf.layers.globalMaxPooling2d({ ...common });
    case "Flatten":
      return tf.layers.flatten({ ...common });
    case "Dense":
      return tf.layers.dense({ ...common, units: layer.units, useBias: layer.use_bias });
    case "BatchNormalization":
      return tf.layers.batchNormalization({ ...common, center: layer.center, scale: layer.scale });
    case "Dropout":
      return tf.layers.dropout({ ...common, rate: layer.rate });
    case "Activation":
      return tf.layers.activation({ ...common, activation: "linear" });
  }
}
