package clel.nn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The x86 vector instruction sets this host offers (from /proc/cpuinfo) and the ones oneDNN is allowed to use, for
 * messages about kernels that behave differently from host to host.
 */
public final class CpuInstructionSet {
    private static final List<String> SHOWN = List.of("avx512f", "avx512bw", "avx512vl", "avx512_vnni", "avx512_bf16",
            "avx512_fp16", "amx_tile", "avx2", "fma");

    private CpuInstructionSet() {
    }

    /**
     * For example "AVX-512 (avx512f avx512bw avx512vl avx512_vnni avx512_bf16 avx2 fma), 2 intra-op threads"; the
     * oneDNN cap is named when ONEDNN_MAX_CPU_ISA is set.
     */
    public static String describe() {
        Set<String> flags = flags();
        String family = flags.contains("avx512f") ? "AVX-512" : flags.contains("avx2") ? "AVX2" : flags.isEmpty()
                ? "unknown instruction set" : "no AVX2";
        List<String> shown = new ArrayList<>();
        for (String f : SHOWN) {
            if (flags.contains(f)) {
                shown.add(f);
            }
        }
        StringBuilder s = new StringBuilder(family);
        if (!shown.isEmpty()) {
            s.append(" (").append(String.join(" ", shown)).append(')');
        }
        String cap = System.getenv("ONEDNN_MAX_CPU_ISA");
        if (cap != null && !cap.isBlank()) {
            s.append(", oneDNN capped at ONEDNN_MAX_CPU_ISA=").append(cap);
        }
        s.append(", ").append(System.getProperty("ai.djl.pytorch.num_threads", "libtorch's default number of"))
                .append(" intra-op threads");
        return s.toString();
    }

    /** Whether the host reports AVX-512 Foundation. */
    public static boolean hasAvx512() {
        return flags().contains("avx512f");
    }

    private static Set<String> flags() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) {
                    int colon = line.indexOf(':');
                    return Set.of(line.substring(colon + 1).trim().toLowerCase(Locale.ROOT).split("\\s+"));
                }
            }
        } catch (IOException | RuntimeException e) {
            return Set.of();
        }
        return Set.of();
    }
}
