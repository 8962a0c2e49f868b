package clel.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the configuration files of the paper's public code (GitHub hankook/CLEL, configs/cifar10.yaml and
 * configs/imagenet32.yaml, parsed by utils.parse_config and used by train.py, models/__init__.py get_model,
 * architectures.py get_ebm/get_encoder, models/sampler.py and datasets.py get_dataset) into clel's keys.
 *
 * <p>{@link #TABLE} is the one mapping, key by key; docs/public-code-config.md prints it. A key of that code with no
 * meaning here is accepted with a one-line notice; a value clel cannot honour is an error naming the key.
 */
public final class PublicCodeConfig {
    /** Keys at the top level of a public-code file that clel's own files never have. */
    private static final List<String> MARKERS = List.of("logdir", "num_iterations", "ebm", "encoder", "log_freq",
            "val_freq", "save_freq");

    /**
     * One row of the mapping.
     *
     * @param theirs their key path
     * @param ours   clel's key path(s) it sets, or "" when it only gives a notice
     * @param how    what happens to the value, in words
     */
    public record Row(String theirs, String ours, String how) {
    }

    /** The mapping of every key the public code reads. */
    public static final List<Row> TABLE = List.of(
            new Row("logdir", "output_dir", "as is"),
            new Row("num_iterations", "iterations", "as is"),
            new Row("log_freq", "log.every", "as is"),
            new Row("val_freq", "eval.every, log.checkpoint_every", "buffer evaluation and last.ckpt every val_freq"),
            new Row("save_freq", "log.keep_every", "kept checkpoints"),
            new Row("encoder.name", "", "resnet18 only (the CIFAR ResNet-18 of clel.encoder)"),
            new Row("encoder.out_dim", "model.feature_dim", "must equal ebm.projection_layers' first and last entry"),
            new Row("ebm.name", "model.size", "resnet -> base, resnet_small -> small, resnet_large -> large"),
            new Row("ebm.projection_layers", "model.projector, model.projector_hidden",
                    "[d, h, d] -> mlp with hidden h; [d, d] -> linear; [d] -> identity"),
            new Row("model.name", "", "JointModel only"),
            new Row("model.beta", "loss.beta", "as is"),
            new Row("model.alpha", "loss.alpha", "as is"),
            new Row("model.temperature", "loss.temperature", "as is"),
            new Row("model.use_neg", "loss.use_negatives", "as is"),
            new Row("model.ebm_augmentation", "augment.ebm", "strong | weak | none"),
            new Row("model.encoder_augmentation", "augment.encoder", "strong | weak | none"),
            new Row("model.latent_mode", "", "simclr only"),
            new Row("model.gamma", "", "notice: the public code never reads it"),
            new Row("sampler.name", "", "MCMCSampler only"),
            new Row("sampler.num_steps", "sampler.steps", "as is"),
            new Row("sampler.step_size", "sampler.step_size, sampler.grad_clip",
                    "the public code also passes step_size as the gradient clip (models/sampler.py)"),
            new Row("sampler.step_clip", "", "notice: the public code ignores it and clips at step_size"),
            new Row("sampler.step_noise", "sampler.noise", "as is"),
            new Row("sampler.memory_size", "sampler.buffer_size", "as is"),
            new Row("sampler.memory_init", "sampler.reinit_prob", "as is"),
            new Row("sampler.augmentation", "sampler.transition", "strong | weak | none"),
            new Row("data.name", "data.name, model.input_mean, model.input_std",
                    "cifar10, cifar100, svhn, cifar10_interp, dtd (textures), imagenet32, celeba64 (celeba at 64 px), "
                            + "with datasets.py's fixed normalization statistics"),
            new Row("data.root", "data.root", "as is"),
            new Row("data.batch_size", "optim.batch_size, optim.encoder_batch_size", "as is"),
            new Row("data.num_workers", "", "notice: data loader processes have no meaning here"),
            new Row("ema.halflife", "ema.halflife", "as is (in samples)"),
            new Row("ood_data.name", "", "notice: test_ood.py's setting; use clel ood --out NAME"),
            new Row("ood_data.root", "", "notice: test_ood.py's setting; NAME=ROOT in clel ood --out"),
            new Row("use_ema", "", "notice: clel evaluates with the EMA weights unless --live"),
            new Row("resume", "", "notice: use clel train --resume RUN/last.ckpt"));

    private PublicCodeConfig() {
    }

    /**
     * @param tree a parsed YAML file
     * @return whether it is written in the public code's keys
     */
    public static boolean looksLike(Map<String, Object> tree) {
        return MARKERS.stream().anyMatch(tree::containsKey);
    }

    /**
     * @param path a key path
     * @return whether it is one of the public code's keys (for {@code key=value} overrides of such a file)
     */
    public static boolean isTheirKey(String path) {
        return TABLE.stream().anyMatch(r -> r.theirs().equals(path));
    }

    /** The result of a translation: clel's settings, and where each came from. */
    public record Translation(Map<String, Object> settings, Map<String, String> origins, List<String> notices) {
    }

    /**
     * Translates a public-code configuration tree.
     *
     * @param tree   the parsed file (nested maps)
     * @param source names the file in messages
     * @return clel's settings, their origins and the notices
     */
    public static Translation translate(Map<String, Object> tree, String source) {
        Translation t = new Translation(new LinkedHashMap<>(), new LinkedHashMap<>(), new ArrayList<>());
        for (Map.Entry<String, Object> e : flatten(tree, "").entrySet()) {
            apply(t, e.getKey(), e.getValue(), source + ": " + e.getKey());
        }
        return t;
    }

    /**
     * Applies one of their keys, e.g. an override {@code sampler.num_steps=20}, to a translation.
     *
     * @param t      the translation, extended
     * @param key    their key path
     * @param value  its value
     * @param origin where it came from, recorded with the settings it sets
     */
    public static void apply(Translation t, String key, Object value, String origin) {
        switch (key) {
            case "logdir" -> set(t, "output_dir", string(key, value), origin);
            case "num_iterations" -> set(t, "iterations", value, origin);
            case "log_freq" -> set(t, "log.every", value, origin);
            case "val_freq" -> {
                set(t, "eval.every", value, origin);
                set(t, "log.checkpoint_every", value, origin);
            }
            case "save_freq" -> set(t, "log.keep_every", value, origin);
            case "encoder.name" -> only(key, value, "resnet18");
            case "encoder.out_dim" -> set(t, "model.feature_dim", value, origin);
            case "ebm.name" -> set(t, "model.size", switch (string(key, value)) {
                case "resnet" -> "base";
                case "resnet_small" -> "small";
                case "resnet_large" -> "large";
                default -> throw new ConfigException(key + ": '" + value + "' is not an EBM of the public code "
                        + "(resnet, resnet_small, resnet_large)");
            }, origin);
            case "ebm.projection_layers" -> projection(t, key, value, origin);
            case "model.name" -> only(key, value, "JointModel");
            case "model.beta" -> set(t, "loss.beta", value, origin);
            case "model.alpha" -> set(t, "loss.alpha", value, origin);
            case "model.temperature" -> set(t, "loss.temperature", value, origin);
            case "model.use_neg" -> set(t, "loss.use_negatives", value, origin);
            case "model.ebm_augmentation" -> set(t, "augment.ebm", value, origin);
            case "model.encoder_augmentation" -> set(t, "augment.encoder", value, origin);
            case "model.latent_mode" -> only(key, value, "simclr");
            case "sampler.name" -> only(key, value, "MCMCSampler");
            case "sampler.num_steps" -> set(t, "sampler.steps", value, origin);
            case "sampler.step_size" -> {
                set(t, "sampler.step_size", value, origin);
                set(t, "sampler.grad_clip", value, origin + " (models/sampler.py passes step_size as step_clip)");
            }
            case "sampler.step_noise" -> set(t, "sampler.noise", value, origin);
            case "sampler.memory_size" -> set(t, "sampler.buffer_size", value, origin);
            case "sampler.memory_init" -> set(t, "sampler.reinit_prob", value, origin);
            case "sampler.augmentation" -> set(t, "sampler.transition", value, origin);
            case "data.name" -> data(t, key, value, origin);
            case "data.root" -> set(t, "data.root", string(key, value), origin);
            case "data.batch_size" -> {
                set(t, "optim.batch_size", value, origin);
                set(t, "optim.encoder_batch_size", value, origin);
            }
            case "ema.halflife" -> set(t, "ema.halflife", value, origin);
            case "model.gamma", "sampler.step_clip", "data.num_workers", "ood_data.name", "ood_data.root", "use_ema",
                 "resume" -> t.notices().add(origin + " = " + value + ": " + rowOf(key).how().replaceFirst("^notice: ", ""));
            default -> throw new ConfigException(origin.startsWith("override") ? "unknown key '" + key + "'"
                    : origin + ": unknown key of the public code's configuration; known: " + knownKeys());
        }
    }

    private static Row rowOf(String key) {
        return TABLE.stream().filter(r -> r.theirs().equals(key)).findFirst().orElseThrow();
    }

    private static String knownKeys() {
        return String.join(", ", TABLE.stream().map(Row::theirs).toList());
    }

    private static void only(String key, Object value, String supported) {
        if (!supported.equals(String.valueOf(value))) {
            throw new ConfigException(key + ": '" + value + "' cannot be honoured here; clel implements " + supported);
        }
    }

    private static String string(String key, Object value) {
        if (value == null || value instanceof Map || value instanceof List) {
            throw new ConfigException(key + " must be a single value, got " + value);
        }
        return String.valueOf(value);
    }

    private static void projection(Translation t, String key, Object value, String origin) {
        if (!(value instanceof List<?> layers) || layers.isEmpty() || layers.size() > 3
                || !layers.stream().allMatch(v -> v instanceof Integer)) {
            throw new ConfigException(key + ": expected a list of 1 to 3 widths such as [128, 2048, 128], got " + value);
        }
        Object d = layers.get(0);
        if (!d.equals(layers.get(layers.size() - 1))) {
            throw new ConfigException(key + ": " + value + " changes the dimension (" + d + " -> "
                    + layers.get(layers.size() - 1) + "); clel's projector keeps d_z");
        }
        set(t, "model.feature_dim", d, origin);
        switch (layers.size()) {
            case 1 -> set(t, "model.projector", "identity", origin);
            case 2 -> set(t, "model.projector", "linear", origin);
            default -> {
                set(t, "model.projector", "mlp", origin);
                set(t, "model.projector_hidden", layers.get(1), origin);
            }
        }
    }

    /** datasets.py get_dataset: names and the fixed normalization statistics it passes to the networks. */
    private static void data(Translation t, String key, Object value, String origin) {
        String name = string(key, value);
        List<Double> cifarMean = List.of(0.4914, 0.4822, 0.4465);
        List<Double> cifarStd = List.of(0.2470, 0.2435, 0.2616);
        String ours;
        List<Double> mean;
        List<Double> std;
        switch (name.toLowerCase(Locale.ROOT)) {
            case "cifar10", "cifar10_interp" -> {
                ours = name;
                mean = cifarMean;
                std = cifarStd;
            }
            case "cifar100" -> {
                ours = name;
                mean = List.of(0.5071, 0.4865, 0.4409);
                std = List.of(0.2673, 0.2564, 0.2762);
            }
            case "svhn" -> {
                ours = name;
                mean = List.of(0.4377, 0.4438, 0.4728);
                std = List.of(0.1980, 0.2010, 0.1970);
            }
            case "dtd" -> {
                ours = "textures";
                mean = cifarMean;
                std = cifarStd;
            }
            case "imagenet32" -> {
                ours = "imagenet32";
                mean = cifarMean; // datasets.py: "Just use the CIFAR10 statistics"
                std = cifarStd;
            }
            case "celeba64" -> {
                ours = "celeba";
                mean = List.of(0.5186, 0.4182, 0.3647);
                std = List.of(0.2996, 0.2715, 0.2668);
                set(t, "model.image_size", 64, origin);
            }
            default -> throw new ConfigException(key + ": '" + name + "' is not a data set of the public code "
                    + "(cifar10, cifar100, svhn, cifar10_interp, dtd, imagenet32, celeba64)");
        }
        set(t, "data.name", ours, origin);
        set(t, "model.input_mean", mean, origin);
        set(t, "model.input_std", std, origin);
    }

    @SuppressWarnings("unchecked")
    private static void set(Translation t, String path, Object value, String origin) {
        String[] parts = path.split("\\.");
        Map<String, Object> node = t.settings();
        for (int i = 0; i < parts.length - 1; i++) {
            node = (Map<String, Object>) node.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>());
        }
        node.put(parts[parts.length - 1], value);
        t.origins().put(path, origin);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> flatten(Map<String, Object> tree, String prefix) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : tree.entrySet()) {
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (e.getValue() instanceof Map<?, ?> m && !key.equals("ebm.projection_layers")) {
                out.putAll(flatten((Map<String, Object>) m, key));
            } else {
                out.put(key, e.getValue());
            }
        }
        return out;
    }
}
