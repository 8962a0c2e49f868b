package clel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clel.augment.AugmentationKind;
import clel.encoder.MaeSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @Test
    void defaultsAreThePapersSettings() throws IOException {
        ClelConfig c = ConfigLoader.load("cifar10-base", List.of());
        assertEquals(EnergySize.BASE, c.model().size());
        assertEquals(0.01, c.loss().beta());
        assertEquals(1.0, c.loss().alpha());
        assertEquals(0.2, c.loss().temperature());
        assertEquals(60, c.sampler().steps());
        assertEquals(100.0, c.sampler().stepSize());
        assertEquals(0.001, c.sampler().reinitProb());
        assertNull(c.sampler().gradClip());
        assertEquals(AugmentationKind.STRONG, c.sampler().transition());
        assertEquals(1e-4, c.optim().ebmLr());
        assertEquals(0.0, c.optim().ebmBeta1());
        assertEquals(2000, c.optim().warmupIterations());
        assertEquals(0.03, c.optim().encoderLr());
        assertEquals(20000.0, c.ema().halflife());
        assertEquals(EnergySize.LARGE, ConfigLoader.load("cifar10-large", List.of()).model().size());
        assertEquals(256, ConfigLoader.load("cifar10-large", List.of()).optim().encoderBatchSize());
        assertEquals("shapes", ConfigLoader.load(null, List.of()).data().name());
    }

    @Test
    void overridesAndFilesLayerOnPresets(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("my.yaml");
        Files.writeString(f, "extends: tiny\nsampler:\n  steps: 7\nmodel:\n  projector: linear\n");
        ClelConfig c = ConfigLoader.load(f.toString(), List.of("loss.beta=0.1", "sampler.grad_clip=100",
                "optim.ebm_lr=1e-3", "model.size=base-multiscale", "augment.ebm=weak"));
        assertEquals(7, c.sampler().steps());
        assertEquals(ProjectorKind.LINEAR, c.model().projector());
        assertEquals(0.1, c.loss().beta());
        assertEquals(100.0, c.sampler().gradClip());
        assertEquals(1e-3, c.optim().ebmLr());
        assertEquals(EnergySize.BASE_MULTISCALE, c.model().size());
        assertEquals(AugmentationKind.WEAK, c.augment().ebm());
        assertEquals(32, c.optim().batchSize()); // from tiny
        // round trip through YAML (what a checkpoint stores)
        assertEquals(c, ConfigLoader.fromYaml(ConfigLoader.toYaml(c), "round trip"));
    }

    /** shapes-long extends the tiny preset: its own keys (length, encoder recipe) over tiny's, the rest from tiny and the defaults. */
    @Test
    void aPresetExtendsAnother() throws Exception {
        ClelConfig tiny = ConfigLoader.load("tiny", List.of());
        ClelConfig longer = ConfigLoader.load("shapes-long", List.of());
        assertEquals(1400, longer.iterations());
        assertEquals(2000, longer.ema().halflife());
        assertEquals(350, longer.eval().every());
        assertEquals("runs/shapes-long", longer.outputDir());
        assertEquals(tiny.model(), longer.model());
        assertEquals(tiny.sampler(), longer.sampler());
        assertEquals(4, longer.optim().encoderSteps());
        assertEquals(tiny.optim().ebmLr(), longer.optim().ebmLr());
        assertEquals(List.of(0.5, 1.0), longer.augment().cropScale());
        assertEquals(tiny.augment().hue(), longer.augment().hue());
        assertEquals(tiny.loss(), longer.loss());
        Map<String, String> origins = ConfigLoader.loadDescribed("shapes-long", List.of()).origins();
        assertEquals("preset tiny (extended by preset shapes-long)", origins.get("model.size"));
        assertEquals("preset shapes-long", origins.get("iterations"));
    }

    /** Every preset loads; fmnist reads Debian's Fashion-MNIST and takes a class subset for a semantic OOD split. */
    @Test
    void everyPresetLoadsAndFmnistTakesAClassSubset() throws Exception {
        for (String preset : ConfigLoader.presets()) {
            assertTrue(ConfigLoader.load(preset, List.of()).iterations() > 0, preset);
        }
        ClelConfig f = ConfigLoader.load("fmnist", List.of("data.classes=0-4"));
        assertEquals("fashion_mnist", f.data().name());
        assertEquals("/usr/share/datasets/fashion-mnist", f.data().root());
        assertEquals(List.of(0, 1, 2, 3, 4), f.data().classSubset().classes());
        assertEquals("", ConfigLoader.load("tiny", List.of()).data().classes());
        ConfigException bad = assertThrows(ConfigException.class, () -> ConfigLoader.load("fmnist", List.of("data.classes=0-x")));
        assertTrue(bad.getMessage().contains("data.classes"), bad.getMessage());
    }

    /** The twin comparison run (bench/fmnist-twin.yaml) loads with its settings on top of the tiny preset. */
    @Test
    void twinBenchConfigLoads() throws IOException {
        ClelConfig c = ConfigLoader.load("bench/fmnist-twin.yaml", List.of());
        assertEquals(2000, c.iterations());
        assertEquals("fashion_mnist", c.data().name());
        assertEquals(EnergySize.TINY, c.model().size());
        assertEquals(16, c.model().encoderWidth());
        assertEquals(2048, c.model().encoderHidden());
        assertEquals(20, c.sampler().steps());
        assertEquals(100.0, c.sampler().gradClip());
        assertEquals(10000, c.sampler().bufferSize());
        assertEquals(0.05, c.sampler().reinitProb());
        assertEquals(32, c.optim().batchSize());
        assertEquals(40, c.optim().warmupIterations());
        assertEquals(1e-4, c.optim().ebmLr());
        assertEquals(3200.0, c.ema().halflife());
        assertEquals(0.0, c.guard().maxEnergyGap());
        assertEquals(clel.config.DivergenceAction.STOP, c.guard().onDivergence());
        assertEquals(20, c.sampler().evalSteps(), "unset keys come from the tiny preset");
    }

    @Test
    void unknownKeysAreRejectedWithTheValidOnes(@TempDir Path dir) throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load("tiny", List.of("sampler.stepz=3")));
        assertTrue(e.getMessage().contains("unknown key 'sampler.stepz'"), e.getMessage());
        assertTrue(e.getMessage().contains("step_size"), e.getMessage());
        ConfigException e2 = assertThrows(ConfigException.class, () -> ConfigLoader.load("tiny", List.of("samplr.steps=3")));
        assertTrue(e2.getMessage().contains("samplr"), e2.getMessage());
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "loss:\n  betta: 0.1\n");
        ConfigException e3 = assertThrows(ConfigException.class, () -> ConfigLoader.load(f.toString(), List.of()));
        assertTrue(e3.getMessage().contains("unknown key 'loss.betta'"), e3.getMessage());
    }

    @Test
    void invalidValuesNameTheKeyAndTheChoices() throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load("tiny", List.of("model.projector=cubic")));
        assertTrue(e.getMessage().contains("model.projector") && e.getMessage().contains("mlp, linear, identity"), e.getMessage());
        assertTrue(assertThrows(ConfigException.class, () -> ConfigLoader.load("tiny", List.of("loss.beta=-1")))
                .getMessage().contains("loss.beta"));
        assertTrue(assertThrows(ConfigException.class, () -> ConfigLoader.load("tiny", List.of("sampler.noise=.nan")))
                .getMessage().contains("sampler.noise"));
        assertTrue(assertThrows(ConfigException.class, () -> ConfigLoader.load("tiny", List.of("sampler.steps=2.5")))
                .getMessage().contains("sampler.steps must be a whole number"));
        assertTrue(assertThrows(ConfigException.class, () -> ConfigLoader.load("tiny", List.of("sampler.reinit_prob=1.5")))
                .getMessage().contains("sampler.reinit_prob"));
        assertTrue(assertThrows(ConfigException.class, () -> ConfigLoader.load("tiny", List.of("iterations=abc")))
                .getMessage().contains("iterations must be a number"));
        assertTrue(assertThrows(ConfigException.class, () -> ConfigLoader.load("no-such-preset", List.of()))
                .getMessage().contains("neither a preset"));
        assertTrue(assertThrows(ConfigException.class, () -> ConfigLoader.load("tiny", List.of("eval.every=10",
                "eval.classifier=\"\""))).getMessage().contains("set exactly one of eval.classifier"));
        assertTrue(assertThrows(ConfigException.class, () -> ConfigLoader.load("tiny",
                List.of("eval.every=10", "eval.classifier=a.clf", "eval.inception=b.pt"))).getMessage().contains("got both"));
        assertEquals("b.pt", ConfigLoader.load("tiny", List.of("eval.every=10", "eval.classifier=\"\"", "eval.inception=b.pt"))
                .eval().inception());
        assertEquals("auto", ConfigLoader.load("tiny", List.of()).eval().classifier(), "the main job scores itself");
    }

    @Test
    void storedConfigurationsWithoutNewerKeysLoadWithDefaults() throws IOException {
        ClelConfig c = ConfigLoader.load("tiny", List.of());
        String yaml = ConfigLoader.toYaml(c).replaceAll("(?m)^  eval_rounds: .*\\n", "");
        assertTrue(!yaml.contains("eval_rounds"));
        assertEquals(1, ConfigLoader.fromYaml(yaml, "old checkpoint").sampler().evalRounds());
        assertEquals(30, c.sampler().evalRounds());
        String noInception = ConfigLoader.toYaml(c).replaceAll("(?m)^  inception: .*\\n", "");
        assertTrue(!noInception.contains("inception"));
        assertEquals("", ConfigLoader.fromYaml(noInception, "old checkpoint").eval().inception());
    }

    @Test
    void maeNeedsItsFileAndViewsWithoutAugmentationAndTheFileNeedsMae() throws IOException {
        List<String> mae = List.of("loss.encoder_objective=mae", "encoder_objectives.mae.encoder=vit-tiny.pt",
                "augment.encoder=none");
        ClelConfig c = ConfigLoader.load("tiny", mae);
        assertEquals("mae", c.loss().encoderObjective().key());
        assertEquals(new MaeSettings("vit-tiny.pt", ""), c.encoderObjectives().of(MaeSettings.class));
        assertEquals(c, ConfigLoader.fromYaml(ConfigLoader.toYaml(c), "round trip"));
        assertEquals(EncoderObjectiveSettings.defaults(), ConfigLoader.load("tiny", List.of()).encoderObjectives());
        assertEquals(MaeSettings.DEFAULTS, EncoderObjectiveSettings.defaults().of(MaeSettings.class));

        assertTrue(rejected("loss.encoder_objective=mae", "augment.encoder=none")
                .startsWith("loss.encoder_objective is mae but encoder_objectives.mae.encoder is empty"));
        assertTrue(rejected("loss.encoder_objective=mae", "encoder_objectives.mae.encoder=vit-tiny.pt")
                .startsWith("augment.encoder is strong but loss.encoder_objective is mae, whose MLP is trained without "
                        + "data augmentation (paper Appendix C): set augment.encoder=none"));
        assertTrue(rejected("encoder_objectives.mae.encoder=vit-tiny.pt")
                .startsWith("encoder_objectives.mae is set but loss.encoder_objective is simclr, which does not read it"));
        assertTrue(rejected("loss.encoder_objective=mae", "encoder_objectives.mae.encoder=vit-tiny.pt",
                "augment.encoder=none", "encoder_objectives.mae.encoder_sha256=abc")
                .contains("encoder_objectives.mae.encoder_sha256 must be 64 hexadecimal digits"));
        assertTrue(rejected("encoder_objectives.mae.encoder_sha256=" + "ab".repeat(32))
                .contains("encoder_objectives.mae.encoder_sha256 is set but encoder_objectives.mae.encoder is empty"));
        assertTrue(rejected("encoder_objectives.byol.decay=1").startsWith("unknown key 'encoder_objectives.byol.decay' "
                + "in override (no section 'encoder_objectives.byol')"));
        String byol = ConfigLoader.toYaml(c).replace("encoder_objectives:\n", "encoder_objectives:\n  byol: {}\n");
        ConfigException unknown = assertThrows(ConfigException.class, () -> ConfigLoader.fromYaml(byol, "stored"));
        assertTrue(unknown.getMessage().startsWith("stored: unknown key 'encoder_objectives.byol'; valid keys in "
                + "encoder_objectives (the encoder objectives with settings): mae"), unknown.getMessage());
        assertTrue(rejected("encoder_objectives.mae.file=x").startsWith("unknown key 'encoder_objectives.mae.file'; "
                + "valid keys in encoder_objectives.mae: encoder, encoder_sha256"));
    }

    /** model.mae_encoder and model.mae_encoder_sha256, the keys before encoder_objectives.mae, are still read. */
    @Test
    void maeSettingsAreReadUnderTheirFormerKeys(@TempDir Path dir) throws IOException {
        String sha = "ab".repeat(32);
        ClelConfig current = ConfigLoader.load("tiny", List.of("loss.encoder_objective=mae", "augment.encoder=none",
                "encoder_objectives.mae.encoder=vit-tiny.pt", "encoder_objectives.mae.encoder_sha256=" + sha));
        ConfigLoader.Loaded overridden = ConfigLoader.loadDescribed("tiny", List.of("loss.encoder_objective=mae",
                "augment.encoder=none", "model.mae_encoder=vit-tiny.pt", "model.mae_encoder_sha256=" + sha));
        assertEquals(current, overridden.config());
        assertTrue(overridden.notices().contains("override model.mae_encoder=vit-tiny.pt: model.mae_encoder is read as "
                + "encoder_objectives.mae.encoder (its name before the setting moved to its encoder objective's section)"),
                overridden.notices().toString());
        assertTrue(overridden.describe().lines().anyMatch(l -> l.startsWith("encoder_objectives.mae.encoder:")
                && l.endsWith("# override model.mae_encoder=vit-tiny.pt")), overridden.describe());

        Path file = dir.resolve("mae.yaml");
        Files.writeString(file, "extends: tiny\nloss:\n  encoder_objective: mae\naugment:\n  encoder: none\n"
                + "model:\n  mae_encoder: vit-tiny.pt\n  mae_encoder_sha256: " + sha + "\n");
        ConfigLoader.Loaded fromFile = ConfigLoader.loadDescribed(file.toString(), List.of());
        assertEquals(current.toBuilder().outputDir(fromFile.config().outputDir()).build(), fromFile.config());
        assertTrue(fromFile.notices().contains(file + ": model.mae_encoder is read as encoder_objectives.mae.encoder "
                + "(its name before the setting moved to its encoder objective's section)"), fromFile.notices().toString());

        Files.writeString(file, "extends: tiny\nmodel:\n  mae_encoder: a.pt\nencoder_objectives:\n  mae:\n    encoder: b.pt\n");
        ConfigException both = assertThrows(ConfigException.class, () -> ConfigLoader.load(file.toString(), List.of()));
        assertTrue(both.getMessage().startsWith(file + ": model.mae_encoder and encoder_objectives.mae.encoder are one "
                + "setting"), both.getMessage());
    }

    /** config.yaml as checkpoints of the version before encoder_objectives stored it (a test resource) still loads. */
    @Test
    void aStoredConfigurationWithTheFormerMaeKeysLoads() throws IOException {
        String yaml;
        try (var in = ConfigLoaderTest.class.getResourceAsStream("/clel/config/stored-config-model-mae-encoder.yaml")) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(yaml.contains("  mae_encoder: /data/mae-vit-tiny.pt"), yaml);
        ClelConfig stored = ConfigLoader.fromYaml(yaml, "old checkpoint");
        assertEquals(new MaeSettings("/data/mae-vit-tiny.pt", "ab".repeat(32)),
                stored.encoderObjectives().of(MaeSettings.class));
        assertEquals(ConfigLoader.load("tiny", List.of("loss.encoder_objective=mae", "augment.encoder=none",
                "encoder_objectives.mae.encoder=/data/mae-vit-tiny.pt",
                "encoder_objectives.mae.encoder_sha256=" + "ab".repeat(32))), stored);
        String plain = ConfigLoader.toYaml(ConfigLoader.load("tiny", List.of()))
                .replaceAll("(?m)^encoder_objectives:\\n(  .*\\n)+", "")
                .replace("  channels_last: ", "  mae_encoder: ''\n  mae_encoder_sha256: ''\n  channels_last: ");
        assertEquals(ConfigLoader.load("tiny", List.of()), ConfigLoader.fromYaml(plain, "old checkpoint"));
    }

    /** defaults.yaml alone, the layer under every preset: the sections cifar10-base does not change are equal. */
    @Test
    void theDefaultsAreDefaultsYamlAlone() throws IOException {
        ClelConfig base = ConfigLoader.load("cifar10-base", List.of());
        ClelConfig defaults = ConfigLoader.defaults();
        assertEquals(base.model(), defaults.model());
        assertEquals(base.loss(), defaults.loss());
        assertEquals(base.sampler(), defaults.sampler());
        assertEquals(EncoderObjectiveSettings.defaults(), defaults.encoderObjectives());
    }

    /**
     * The presets are the YAML files of src/main/resources/clel/presets but defaults.yaml; the README's and
     * docs/configuration.md's lists name exactly them.
     */
    @Test
    void thePresetsAreThePresetFolderAndTheDocsListThem() throws IOException {
        List<String> files;
        try (var s = Files.list(Path.of("src/main/resources/clel/presets"))) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - 5)).filter(n -> !n.equals("defaults")).sorted().toList();
        }
        assertEquals(files, ConfigLoader.presets());
        String readme = Files.readString(Path.of("README.md"));
        String bullet = readme.substring(readme.indexOf("- **Presets:**"));
        bullet = bullet.substring(0, bullet.indexOf("\n- **", 1));
        assertEquals(files, backticked(bullet), "README.md's Presets item");
        String config = Files.readString(Path.of("docs/configuration.md"));
        String table = config.substring(config.indexOf("| preset | what |"));
        table = table.substring(0, table.indexOf("\n\n"));
        String firstColumn = String.join("\n", table.lines().map(l -> l.split("\\|")[1]).toList());
        assertEquals(files, backticked(firstColumn), "docs/configuration.md's table of presets");
    }

    /** The names in backticks, sorted. */
    private static List<String> backticked(String text) {
        return Pattern.compile("`([a-z0-9-]+)`").matcher(text).results().map(r -> r.group(1))
                .distinct().sorted().toList();
    }

    private static String rejected(String... overrides) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.load("tiny", List.of(overrides))).getMessage();
    }
}
