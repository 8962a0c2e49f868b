package clel.data.format;

/** How the 28x28 grayscale images of an IDX (MNIST / Fashion-MNIST) file are laid out in the {@code ImageSet}. */
public enum IdxLayout {
    /** As stored: 1 channel, rows x cols (1x28x28 for MNIST). */
    NATIVE_GRAY,
    /**
     * For the 32x32 RGB networks, the public code's approach: the gray value replicated to 3 identical channels
     * and zero-padded by 2 pixels on each side, 3 x (rows+4) x (cols+4) (3x32x32 for MNIST).
     */
    RGB_PADDED_32
}
