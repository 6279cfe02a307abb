package dev.cfae.variants.vae;

import dev.cfae.api.GenerativeModel;
import dev.cfae.api.SeededRandom;
import dev.cfae.engine.nn.FlatBuffers;
import dev.cfae.variants.autoencoder.AutoencoderModel;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static java.util.Objects.requireNonNull;

/**
 * The variational autoencoder: an {@link AutoencoderModel} with a Gaussian bottleneck, which can also
 * decode draws z ~ N(0, I) of its prior into new rows.
 */
public final class VaeModel extends AutoencoderModel implements GenerativeModel {
    private final VaeSettings vae;

    /** A VAE over rows of {@code columns} cells. */
    public VaeModel(VaeSettings settings, int columns) {
        super(VaeFactory.NAME, requireNonNull(settings, "settings is null").autoencoder(), settings.bottleneck(),
                columns);
        this.vae = settings;
    }

    public VaeSettings vaeSettings() {
        return vae;
    }

    /** Draws the codes row-major, one {@code nextGaussian()} per element, and decodes them. */
    @Override
    public INDArray generate(int count, SeededRandom random) {
        requireNonNull(random, "random is null");
        if (count < 1) {
            throw new IllegalArgumentException("count must be positive: " + count);
        }
        int width = embeddingWidth();
        float[] codes = new float[Math.multiplyExact(count, width)];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = (float) random.nextGaussian();
        }
        INDArray z = Nd4j.create(dataType(), count, width);
        FlatBuffers.copyFrom(codes, z);
        return decode(z);
    }

    @Override
    public Augmentation augmentation() {
        return vae.augmentation();
    }
}
