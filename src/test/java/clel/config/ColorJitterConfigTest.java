package clel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clel.augment.AugmentationKind;
import clel.augment.ColorJitterKind;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Binding of {@code augment.color_jitter} and the presets' choices. */
class ColorJitterConfigTest {

    private static ColorJitterKind jitterOf(String preset, String... overrides) throws IOException {
        return ConfigLoader.load(preset, List.of(overrides)).augment().colorJitter();
    }

    @Test
    void paperPresetsUseKorniaAndCpuPresetsTorchvision() throws IOException {
        assertEquals(ColorJitterKind.KORNIA_0_6, jitterOf("cifar10-base"));
        assertEquals(ColorJitterKind.KORNIA_0_6, jitterOf("cifar10-large"));
        assertEquals(ColorJitterKind.KORNIA_0_6, jitterOf("imagenet32"));
        assertEquals(ColorJitterKind.TORCHVISION, jitterOf("tiny"));
        assertEquals(ColorJitterKind.TORCHVISION, jitterOf("small"));
    }

    @Test
    void valuesBindByTheirKeys() throws IOException {
        assertEquals(ColorJitterKind.KORNIA_0_6, jitterOf("tiny", "augment.color_jitter=kornia-0.6"));
        assertEquals(ColorJitterKind.KORNIA_0_6, jitterOf("tiny", "augment.color_jitter=Kornia_0.6"));
        assertEquals(ColorJitterKind.TORCHVISION, jitterOf("cifar10-base", "augment.color_jitter=torchvision"));
        assertEquals("kornia-0.6", ColorJitterKind.KORNIA_0_6.toString());
    }

    @Test
    void unknownValuesNameTheKeyAndTheChoices() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load("tiny", List.of("augment.color_jitter=kornia")));
        assertEquals("augment.color_jitter: unknown value 'kornia'; valid choices: torchvision, kornia-0.6", e.getMessage());
    }

    @Test
    void storedConfigurationsKeepTheirJitterAndOldOnesLoadAsTorchvision() throws IOException {
        ClelConfig c = ConfigLoader.load("cifar10-base", List.of());
        String yaml = ConfigLoader.toYaml(c);
        assertTrue(yaml.contains("color_jitter: kornia-0.6"), yaml);
        assertEquals(c, ConfigLoader.fromYaml(yaml, "checkpoint"));
        String old = yaml.replaceAll("(?m)^  color_jitter: .*\\n", "");
        assertEquals(ColorJitterKind.TORCHVISION, ConfigLoader.fromYaml(old, "old checkpoint").augment().colorJitter());
    }

    @Test
    void cropScaleAndHueAreSettingsWithThePapersDefaults() throws IOException {
        AugmentConfig paper = ConfigLoader.load("tiny", List.of()).augment();
        assertEquals(List.of(0.08, 1.0), paper.cropScale());
        assertEquals(0.1, paper.hue());
        AugmentConfig set = ConfigLoader.load("tiny", List.of("augment.crop_scale=[0.5, 1.0]", "augment.hue=0.25"))
                .augment();
        assertEquals(List.of(0.5, 1.0), set.cropScale());
        assertEquals(0.25, set.hue());
        // stored configurations without the keys (older checkpoints) load with the paper's values
        String old = ConfigLoader.toYaml(ConfigLoader.load("tiny", List.of("augment.hue=0.25")))
                .replaceAll("(?m)^  (crop_scale|hue): .*\\n", "");
        AugmentConfig stored = ConfigLoader.fromYaml(old, "old checkpoint").augment();
        assertEquals(List.of(0.08, 1.0), stored.cropScale());
        assertEquals(0.1, stored.hue());
        assertTrue(assertThrows(ConfigException.class, () -> ConfigLoader.load("tiny", List.of("augment.hue=0.6")))
                .getMessage().contains("augment.hue"));
        assertTrue(assertThrows(ConfigException.class, () -> ConfigLoader.load("tiny",
                List.of("augment.crop_scale=[0.9, 0.5]"))).getMessage().contains("augment.crop_scale"));
    }

    @Test
    void augmentersCarryTheConfiguredJitter() throws IOException {
        AugmentConfig a = ConfigLoader.load("cifar10-base", List.of()).augment();
        assertEquals(ColorJitterKind.KORNIA_0_6, a.augmenter(a.encoder()).colorJitter());
        assertEquals(AugmentationKind.STRONG, a.augmenter(a.ebm()).kind());
        assertEquals(AugmentationKind.WEAK, a.augmenter(AugmentationKind.WEAK).kind());
        assertTrue(assertThrows(ConfigException.class, () -> new AugmentConfig(AugmentationKind.STRONG,
                AugmentationKind.STRONG, null)).getMessage().contains("augment.color_jitter"));
    }
}
