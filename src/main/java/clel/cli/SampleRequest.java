package clel.cli;

/**
 * What one {@code clel sample} call asks for, decided once from --mode, --like, --interpolate and --attributes after
 * checking that they go together.
 *
 * @param kind        the kind of samples drawn
 * @param defaultName the output name without --name: samples-interpolate for --interpolate, samples-like for --like
 *                    without --mode compose, otherwise samples-MODE
 */
record SampleRequest(SampleKind kind, String defaultName) {
    /**
     * The request of a combination of options.
     *
     * @param mode        --mode
     * @param like        whether --like is given
     * @param interpolate whether --interpolate is given
     * @param composition whether --attributes is given
     * @throws IllegalArgumentException when the options do not go together, saying how to combine them
     */
    static SampleRequest of(SampleCommand.Mode mode, boolean like, boolean interpolate, boolean composition) {
        if (interpolate && (like || composition || mode != SampleCommand.Mode.unconditional)) {
            throw new IllegalArgumentException("--interpolate is a mode of its own: drop --mode, --attributes and --like");
        }
        if (like && (mode == SampleCommand.Mode.instance || mode == SampleCommand.Mode.classes)) {
            throw new IllegalArgumentException("--like conditions on your images' z-bar: use it alone or with --mode "
                    + "compose --attributes");
        }
        if (composition && mode != SampleCommand.Mode.compose && !like) {
            throw new IllegalArgumentException("--attributes works with --mode compose or --like, not with --mode " + mode);
        }
        if (mode == SampleCommand.Mode.compose && !composition && !like) {
            throw new IllegalArgumentException("--mode compose needs --attributes a,b,... (or --like FOLDER)");
        }
        SampleKind kind = interpolate ? SampleKind.INTERPOLATE : composition ? SampleKind.COMPOSE
                : like ? SampleKind.LIKE : switch (mode) {
                    case unconditional -> SampleKind.UNCONDITIONAL;
                    case instance -> SampleKind.INSTANCE;
                    case classes -> SampleKind.CLASSES;
                    case compose -> throw new IllegalStateException("--mode compose without --attributes or --like");
                };
        String name = interpolate ? "interpolate"
                : like && mode != SampleCommand.Mode.compose ? "like" : mode.toString();
        return new SampleRequest(kind, "samples-" + name);
    }
}
