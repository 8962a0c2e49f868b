package clel.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;

/**
 * Weight initializations of the public code: Kaiming-normal with linear gain for convolutions
 * (std = 1/sqrt(fan_in)), N(0, 0.01) for the EBM's linear layers, unit-norm Gaussian vectors for
 * spectral-norm power iteration.
 */
public enum Initializers implements Initializer {
    /** N(0, 1/fan_in): torch.nn.init.kaiming_normal_(w, mode="fan_in", nonlinearity="linear"). */
    KAIMING_NORMAL_LINEAR {
        @Override
        public NDArray initialize(ai.djl.ndarray.NDManager manager, Shape shape, ai.djl.ndarray.types.DataType dataType) {
            long fanIn = shape.size() / shape.get(0);
            return manager.randomNormal(0f, (float) (1.0 / Math.sqrt(fanIn)), shape, dataType);
        }
    },
    /** N(0, 2/fan_out): torchvision ResNet's kaiming_normal_(w, mode="fan_out", nonlinearity="relu"). */
    KAIMING_NORMAL_FAN_OUT_RELU {
        @Override
        public NDArray initialize(ai.djl.ndarray.NDManager manager, Shape shape, ai.djl.ndarray.types.DataType dataType) {
            long fanOut = shape.size() / shape.get(1);
            return manager.randomNormal(0f, (float) Math.sqrt(2.0 / fanOut), shape, dataType);
        }
    },
    /** N(0, 0.01^2): the public code's init for the EBM head's Linear weights. */
    NORMAL_0_01 {
        @Override
        public NDArray initialize(ai.djl.ndarray.NDManager manager, Shape shape, ai.djl.ndarray.types.DataType dataType) {
            return manager.randomNormal(0f, 0.01f, shape, dataType);
        }
    },
    /** torch default for Linear/Conv weights: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) (kaiming_uniform with a = sqrt(5)). */
    TORCH_DEFAULT {
        @Override
        public NDArray initialize(ai.djl.ndarray.NDManager manager, Shape shape, ai.djl.ndarray.types.DataType dataType) {
            long fanIn = shape.size() / shape.get(0);
            float bound = (float) (1.0 / Math.sqrt(fanIn));
            return manager.randomUniform(-bound, bound, shape, dataType);
        }
    },
    /** A random Gaussian vector scaled to unit L2 norm (power-iteration start). */
    UNIT_GAUSSIAN {
        @Override
        public NDArray initialize(ai.djl.ndarray.NDManager manager, Shape shape, ai.djl.ndarray.types.DataType dataType) {
            try (NDArray g = manager.randomNormal(0f, 1f, shape, dataType); NDArray norm = g.norm()) {
                return g.div(Math.max(norm.getFloat(), 1e-12f));
            }
        }
    }
}
