package clel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clel.augment.AugmentationKind;
import clel.augment.ColorJitterKind;
import clel.data.DataSplit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public code's configuration files (GitHub hankook/CLEL configs/*.yaml) load into clel's settings. */
public class PublicCodeConfigTest {
    /** Every key the issue lists, in the public code's layout, with values chosen to tell the mappings apart. */
    public static final String EVERY_KEY = """
            logdir: logs/test/ours
            encoder:
              name: resnet18
              out_dim: 64
            ebm:
              name: resnet_small
              projection_layers: [64, 512, 64]
            model:
              name: JointModel
              beta: 0.02
              ebm_augmentation: weak
              use_neg: false
            sampler:
              name: MCMCSampler
              num_steps: 40
              step_size: 50.0
              step_clip: null
              step_noise: 0.002
              memory_size: 5000
              memory_init: 0.01
              augmentation: none
            data:
              name: svhn
              root: /data/svhn
              batch_size: 32
              num_workers: 4
            ema:
              halflife: 10000
            num_iterations: 1234
            log_freq: 7
            val_freq: 300
            save_freq: 900
            ood_data:
              name: cifar10
              root: /data
            use_ema: true
            """;

    private static Path write(Path dir, String yaml) throws IOException {
        Path f = dir.resolve("cifar10.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    @Test
    void everyKeyLoadsIntoTheExpectedConfiguration(@TempDir Path dir) throws IOException {
        ConfigLoader.Loaded loaded = ConfigLoader.loadDescribed(write(dir, EVERY_KEY).toString(), List.of());
        ClelConfig c = loaded.config();
        assertEquals("logs/test/ours", c.outputDir());
        assertEquals(1234, c.iterations());
        assertEquals(7, c.log().every());
        assertEquals(300, c.eval().every());
        assertEquals(300, c.log().checkpointEvery());
        assertEquals(900, c.log().keepEvery());
        assertEquals(64, c.model().featureDim());
        assertEquals(EnergySize.SMALL, c.model().size());
        assertEquals(ProjectorKind.MLP, c.model().projector());
        assertEquals(512, c.model().projectorHidden());
        assertEquals(0.02, c.loss().beta());
        assertEquals(AugmentationKind.WEAK, c.augment().ebm());
        assertEquals(false, c.loss().useNegatives());
        assertEquals(40, c.sampler().steps());
        assertEquals(50.0, c.sampler().stepSize());
        assertEquals(50.0, c.sampler().gradClip(), "the public code clips at step_size whatever step_clip says");
        assertEquals(0.002, c.sampler().noise());
        assertEquals(5000, c.sampler().bufferSize());
        assertEquals(0.01, c.sampler().reinitProb());
        assertEquals(AugmentationKind.NONE, c.sampler().transition());
        assertEquals("svhn", c.data().name());
        assertEquals("/data/svhn", c.data().root());
        assertEquals(List.of(0.4377, 0.4438, 0.4728), c.model().inputMean(), "datasets.py's fixed statistics");
        assertEquals(32, c.optim().batchSize());
        assertEquals(32, c.optim().encoderBatchSize());
        assertEquals(10000, c.ema().halflife());
        // the rest comes from the paper's base model with the public code's semantics
        assertEquals(ColorJitterKind.KORNIA_0_6, c.augment().colorJitter());
        assertEquals(DataSplit.TEST, c.eval().referenceSplit());
        // keys with no meaning here are accepted with a notice each
        assertEquals(5, loaded.notices().size(), loaded.notices().toString());
        assertTrue(loaded.notices().stream().anyMatch(n -> n.contains("data.num_workers")));
        assertTrue(loaded.notices().stream().anyMatch(n -> n.contains("sampler.step_clip") && n.contains("step_size")));
        // every value says where it came from
        assertEquals(write(dir, EVERY_KEY) + ": sampler.num_steps", loaded.origins().get("sampler.steps"));
        String described = loaded.describe();
        assertTrue(described.contains("sampler.steps:") && described.contains("# " + dir.resolve("cifar10.yaml")
                + ": sampler.num_steps"), described);
        assertTrue(described.contains("# preset cifar10-base"), described);
        assertTrue(described.contains("# defaults.yaml"), described);
    }

    @Test
    void overridesUseThePublicCodesKeyPaths(@TempDir Path dir) throws IOException {
        Path f = write(dir, EVERY_KEY);
        ConfigLoader.Loaded loaded = ConfigLoader.loadDescribed(f.toString(),
                List.of("sampler.num_steps=20", "model.beta=0.1", "data.batch_size=16", "sampler.step_size=10",
                        "sampler.grad_clip=null"));
        ClelConfig c = loaded.config();
        assertEquals(20, c.sampler().steps());
        assertEquals(0.1, c.loss().beta());
        assertEquals(16, c.optim().batchSize());
        assertEquals(16, c.optim().encoderBatchSize());
        assertEquals(10.0, c.sampler().stepSize());
        assertNull(c.sampler().gradClip(), "clel's own keys still work after the file's");
        assertEquals("override model.beta=0.1", loaded.origins().get("loss.beta"));
    }

    @Test
    void projectionLayersChooseTheProjector(@TempDir Path dir) throws IOException {
        String linear = EVERY_KEY.replace("projection_layers: [64, 512, 64]", "projection_layers: [64, 64]");
        assertEquals(ProjectorKind.LINEAR, ConfigLoader.load(write(dir, linear).toString(), List.of()).model().projector());
        String identity = EVERY_KEY.replace("projection_layers: [64, 512, 64]", "projection_layers: [64]");
        assertEquals(ProjectorKind.IDENTITY, ConfigLoader.load(write(dir, identity).toString(), List.of()).model().projector());
    }

    @Test
    void valuesThatCannotBeHonouredAreErrorsNamingTheKey(@TempDir Path dir) throws IOException {
        String[][] cases = {
            {"name: resnet18", "name: resnet50", "encoder.name: 'resnet50' cannot be honoured"},
            {"name: resnet_small", "name: vit", "ebm.name: 'vit' is not an EBM of the public code"},
            {"[64, 512, 64]", "[64, 512, 32]", "ebm.projection_layers: [64, 512, 32] changes the dimension"},
            {"name: JointModel", "name: VAE", "model.name: 'VAE' cannot be honoured"},
            {"name: svhn", "name: mnist", "data.name: 'mnist' is not a data set of the public code"},
            {"use_ema: true", "use_emma: true", "use_emma: unknown key of the public code's configuration"},
        };
        for (String[] c : cases) {
            Path f = write(dir, EVERY_KEY.replace(c[0], c[1]));
            ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(f.toString(), List.of()), c[1]);
            assertTrue(e.getMessage().contains(c[2]), e.getMessage());
        }
        Path f = write(dir, EVERY_KEY);
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(f.toString(), List.of("sampler.num_steps=-3")));
        assertTrue(e.getMessage().contains("sampler.steps"), e.getMessage());
    }

    @Test
    void clelsOwnFilesAreNotMistakenForPublicCodeFiles(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("mine.yaml");
        Files.writeString(f, "extends: tiny\niterations: 5\nsampler: {steps: 3}\n");
        ConfigLoader.Loaded loaded = ConfigLoader.loadDescribed(f.toString(), List.of());
        assertEquals(3, loaded.config().sampler().steps());
        assertTrue(loaded.notices().isEmpty());
        assertEquals(f.toString(), loaded.origins().get("sampler.steps"));
        assertEquals("preset tiny (extended by " + f + ")", loaded.origins().get("optim.batch_size"));
    }

    /** docs/public-code-config.md's table of the public code's keys lists every row of {@link PublicCodeConfig#TABLE}. */
    @Test
    void docsListEveryKey() throws IOException {
        String page = Files.readString(Path.of("docs", "public-code-config.md"));
        for (PublicCodeConfig.Row row : PublicCodeConfig.TABLE) {
            String ours = row.ours().isEmpty() ? "\u2014" : "`" + String.join("`, `", row.ours().split(",\\s*")) + "`";
            String line = "| `" + row.theirs() + "` | " + ours + " | " + row.how() + " |";
            assertTrue(page.contains(line), "docs/public-code-config.md lacks the row: " + line);
        }
    }
}
