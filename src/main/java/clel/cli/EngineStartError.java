package clel.cli;

import ai.djl.engine.EngineException;
import java.util.Locale;

/**
 * The one line that says why DJL's PyTorch engine did not start (most often: the launcher's {@code --gpu} asked for
 * the CUDA build of libtorch, and DJL could neither download it nor find it at PYTORCH_LIBRARY_PATH), with what DJL
 * was told to load.
 */
final class EngineStartError {
    private EngineStartError() {
    }

    /**
     * The failure to load libtorch behind {@code t}, or null when {@code t} is something else (an engine error raised
     * by an operation, e.g. arrays on two devices, is a bug and keeps its stack trace).
     */
    static EngineException find(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof EngineException e && loadingLibrary(e)) {
                return e;
            }
        }
        return null;
    }

    private static boolean loadingLibrary(Throwable e) {
        for (StackTraceElement f : e.getStackTrace()) {
            if (f.getClassName().equals("ai.djl.pytorch.jni.LibUtils")
                    || f.getClassName().equals("ai.djl.pytorch.engine.PtEngine") && f.getMethodName().equals("newInstance")) {
                return true;
            }
        }
        return false;
    }

    /** The message, without the "clel: error: " prefix. */
    static String message(EngineException e) {
        StringBuilder why = new StringBuilder(String.valueOf(e.getMessage()));
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e) {
            why.append(" (").append(root.getClass().getSimpleName()).append(": ").append(root.getMessage()).append(')');
        }
        String library = setting("PYTORCH_LIBRARY_PATH");
        String flavor = setting("PYTORCH_FLAVOR");
        boolean offline = Boolean.parseBoolean(System.getProperty("ai.djl.offline", System.getenv("DJL_OFFLINE")));
        String hint;
        if (library != null) {
            hint = "PYTORCH_LIBRARY_PATH=" + library + " must be the lib folder of a libtorch that this DJL build "
                    + "supports" + (flavor == null ? "" : " (PYTORCH_FLAVOR=" + flavor + ")") + "; see docs/gpu.md";
        } else if (!offline) {
            hint = "DJL may download libtorch" + (flavor == null ? "" : " (flavour " + flavor + ")")
                    + " from publish.djl.ai, which this host cannot reach, or the download failed; name a local CUDA "
                    + "libtorch with PYTORCH_LIBRARY_PATH (docs/gpu.md), or start clel without --gpu for the CPU build";
        } else {
            hint = "offline mode: libtorch comes from the pytorch-native jar on the class path (rebuild with mvn package "
                    + "if it is missing); see docs/gpu.md";
        }
        return String.format(Locale.ROOT, "the PyTorch engine did not start: %s; %s", why.toString().replace('\n', ' '),
                hint);
    }

    private static String setting(String key) {
        String v = System.getenv(key);
        if (v == null || v.isBlank()) {
            v = System.getProperty(key);
        }
        return v == null || v.isBlank() ? null : v;
    }
}
