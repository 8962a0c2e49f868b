package clel.run;

/** Versions recorded in checkpoints (provenance). */
public final class Versions {
    public static final String CLEL = "0.1.0";

    private Versions() {
    }

    /** DJL's version from its jar manifest, or "unknown". */
    public static String djl() {
        String v = ai.djl.engine.Engine.class.getPackage().getImplementationVersion();
        return v == null ? "unknown" : v;
    }
}
