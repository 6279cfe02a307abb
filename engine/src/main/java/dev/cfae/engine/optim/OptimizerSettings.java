package dev.cfae.engine.optim;

import dev.cfae.api.config.ConfigBlock;
import dev.cfae.api.config.SettingsException;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Settings of the {@code cfae.trainer.optimizer} block and the factory for the configured optimizer.
 * Every key is read and checked, including the blocks of the optimizers not chosen, so a typo or a
 * bad value anywhere in the block fails at start-up.
 *
 * @param type         {@code adam}, {@code rmsprop} or {@code sgd}
 * @param learningRate step size, positive
 * @param adam         settings used when {@code type = adam}
 * @param rmsprop      settings used when {@code type = rmsprop}
 * @param sgd          settings used when {@code type = sgd}
 */
public record OptimizerSettings(String type, double learningRate, AdamSettings adam, RmsPropSettings rmsprop,
        SgdSettings sgd) {
    /** The accepted values of {@code type}. */
    public static final Set<String> TYPES = Set.of("adam", "rmsprop", "sgd");

    public OptimizerSettings {
        requireNonNull(type, "type is null");
        requireNonNull(adam, "adam is null");
        requireNonNull(rmsprop, "rmsprop is null");
        requireNonNull(sgd, "sgd is null");
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("unknown optimizer type '" + type + "'");
        }
    }

    /** Reads the {@code cfae.trainer.optimizer} block (the block itself, not its parent). */
    public static OptimizerSettings fromConfig(ConfigBlock block) {
        requireNonNull(block, "block is null");
        String type = block.getChoice("type", TYPES);
        double learningRate = positive(block, "learning-rate");
        return new OptimizerSettings(type, learningRate, AdamSettings.fromConfig(block.block("adam")),
                RmsPropSettings.fromConfig(block.block("rmsprop")), SgdSettings.fromConfig(block.block("sgd")));
    }

    /** A fresh float32 optimizer for a buffer of {@code parameterCount} parameters. */
    public Optimizer create(long parameterCount) {
        return create(parameterCount, DataType.FLOAT);
    }

    /** A fresh optimizer whose state has the given type (float64 is for tests). */
    public Optimizer create(long parameterCount, DataType dataType) {
        return switch (type) {
            case "adam" -> new AdamOptimizer(parameterCount, dataType, learningRate, adam.beta1(), adam.beta2(),
                    adam.epsilon(), adam.lazy());
            case "rmsprop" -> new RmsPropOptimizer(parameterCount, dataType, learningRate, rmsprop.rho(),
                    rmsprop.epsilon(), rmsprop.momentum(), rmsprop.tf1Compat());
            case "sgd" -> new SgdOptimizer(parameterCount, dataType, learningRate, sgd.momentum(), sgd.nesterov());
            default -> throw new IllegalStateException("unknown optimizer type '" + type + "'");
        };
    }

    /** The type, step size and, for Adam, laziness, for reports: {@code adam, learning rate 0.001, lazy}. */
    public String describe() {
        return type + ", learning rate " + learningRate + (type.equals("adam") && adam.lazy() ? ", lazy" : "");
    }

    private static double positive(ConfigBlock block, String path) {
        double value = block.getDouble(path);
        if (!(value > 0)) {
            throw new SettingsException(block.key(path), "must be positive, got " + value);
        }
        return value;
    }

    private static double unitInterval(ConfigBlock block, String path) {
        return block.requireRange(path, block.getDouble(path), 0, 1, true, false);
    }

    /**
     * The {@code adam} block.
     *
     * @param beta1   decay of the first-moment average, in [0, 1)
     * @param beta2   decay of the second-moment average, in [0, 1)
     * @param epsilon added to √v, positive
     * @param lazy    update only the touched rows of sparse first and last layers ({@link AdamOptimizer})
     */
    public record AdamSettings(double beta1, double beta2, double epsilon, boolean lazy) {
        static AdamSettings fromConfig(ConfigBlock block) {
            return new AdamSettings(unitInterval(block, "beta1"), unitInterval(block, "beta2"),
                    positive(block, "epsilon"), block.getBoolean("lazy"));
        }
    }

    /**
     * The {@code rmsprop} block.
     *
     * @param rho       decay of the mean square, in [0, 1)
     * @param epsilon   positive; added to √ms, or inside the square root with {@code tf1Compat}
     * @param momentum  momentum μ in [0, 1); 0 disables it
     * @param tf1Compat reproduce TensorFlow 1's RMSPropOptimizer (ms starts at 1, ε inside the root)
     */
    public record RmsPropSettings(double rho, double epsilon, double momentum, boolean tf1Compat) {
        static RmsPropSettings fromConfig(ConfigBlock block) {
            return new RmsPropSettings(unitInterval(block, "rho"), positive(block, "epsilon"),
                    unitInterval(block, "momentum"), block.getBoolean("tf1-compat"));
        }
    }

    /**
     * The {@code sgd} block.
     *
     * @param momentum momentum μ in [0, 1); 0 is plain SGD
     * @param nesterov use Nesterov momentum; needs μ > 0
     */
    public record SgdSettings(double momentum, boolean nesterov) {
        static SgdSettings fromConfig(ConfigBlock block) {
            double momentum = unitInterval(block, "momentum");
            boolean nesterov = block.getBoolean("nesterov");
            if (nesterov && momentum == 0) {
                throw new SettingsException(block.key("nesterov"), "needs a positive "
                        + block.key("momentum") + ", which is 0");
            }
            return new SgdSettings(momentum, nesterov);
        }
    }
}
