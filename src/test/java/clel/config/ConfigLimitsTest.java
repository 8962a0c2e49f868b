package clel.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Widths, sizes and batches have maxima far above any real model's, the same for a user's configuration and one
 * stored in a checkpoint; a batch that BatchNorm cannot normalize is refused up front; a value refused in a user's file
 * names the file.
 */
class ConfigLimitsTest {

    private static String refused(String... overrides) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.load("tiny", List.of(overrides))).getMessage();
    }

    @Test
    void widthsAndSizesBeyondTheirMaximaAreRefused() {
        assertEquals("model.head_hidden must be between 1 and 16384, got 2000000000", refused("model.head_hidden=2e9"));
        assertEquals("model.image_size must be between 8 and 256, got 65536", refused("model.image_size=65536"));
        assertEquals("model.feature_dim must be between 1 and 4096, got 5000", refused("model.feature_dim=5000"));
        assertEquals("model.encoder_width must be between 1 and 256, got 1024", refused("model.encoder_width=1024"));
        assertEquals("sampler.buffer_size must be between 1 and 1000000, got 2000000",
                refused("sampler.buffer_size=2000000"));
        assertEquals("optim.encoder_batch_size must be between 2 and 4096, got 10000",
                refused("optim.encoder_batch_size=10000"));
        assertEquals("the replay buffer would hold sampler.buffer_size x model.channels x model.image_size^2 = "
                + "196608000000 values; at most 500000000 (2 GB)",
                refused("sampler.buffer_size=1000000", "model.image_size=256"));
        assertDoesNotThrow(() -> ConfigLoader.load("cifar10-large", List.of()));
    }

    @Test
    void aBatchOfOneImageIsRefusedBecauseBatchNormNeedsTwo() {
        assertEquals("optim.batch_size must be at least 2: BatchNorm in the encoder's MLP head normalizes over the batch, "
                + "which needs 2 or more images; got 1", refused("optim.batch_size=1"));
        assertEquals("optim.encoder_batch_size must be at least 2: BatchNorm in the encoder's MLP head normalizes over "
                + "the batch, which needs 2 or more images; got 1", refused("optim.encoder_batch_size=1"));
    }

    @Test
    void aClassSubsetNamingAClassTwiceIsRefusedAtTheRepeat() {
        // repeated ranges would otherwise add up to billions of entries before the duplicates were noticed
        assertEquals("data.classes: class 7 is named twice", refused("data.classes=0-9,7"));
        assertEquals("data.classes: class 0 is named twice",
                refused("data.classes=" + String.join(",", Collections.nCopies(1000, "0-100000"))));
    }

    @Test
    void aValueRefusedInAUsersFileNamesTheFile(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("wide.yaml"), "extends: tiny\nmodel:\n  head_hidden: 2000000000\n");
        assertEquals(f + ": model.head_hidden must be between 1 and 16384, got 2000000000",
                assertThrows(ConfigException.class, () -> ConfigLoader.load(f.toString(), List.of())).getMessage());
        // an override of the file's value is named by its key alone, as on the command line
        assertEquals("model.head_hidden must be between 1 and 16384, got 20000", assertThrows(ConfigException.class,
                () -> ConfigLoader.load(f.toString(), List.of("model.head_hidden=20000"))).getMessage());
    }

    @Test
    void aStoredConfigurationIsValidatedLikeAUsersAndNamesItsSource() throws Exception {
        String stored = ConfigLoader.toYaml(ConfigLoader.load("tiny", List.of()));
        assertEquals("run/last.ckpt config.yaml: model.head_hidden must be between 1 and 16384, got 2000000000",
                assertThrows(ConfigException.class, () -> ConfigLoader.fromYaml(
                        stored.replaceAll("head_hidden: \\d+", "head_hidden: 2000000000"), "run/last.ckpt config.yaml"))
                        .getMessage());
        assertEquals("run/last.ckpt config.yaml: optim.batch_size must be at least 2: BatchNorm in the encoder's MLP "
                + "head normalizes over the batch, which needs 2 or more images; got 1",
                assertThrows(ConfigException.class, () -> ConfigLoader.fromYaml(
                        stored.replaceAll("(?m)^  batch_size: \\d+", "  batch_size: 1"), "run/last.ckpt config.yaml"))
                        .getMessage());
    }
}
