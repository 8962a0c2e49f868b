package clel.evaluation;

/** Element types supported by {@link NpyFile}, with their NumPy {@code descr} strings. */
public enum NpyDtype {
    /** 32-bit little-endian IEEE float, NumPy {@code '<f4'}. */
    FLOAT32("<f4", 4),
    /** unsigned byte, NumPy {@code '|u1'}. */
    UINT8("|u1", 1);

    private final String descr;
    private final int itemSize;

    NpyDtype(String descr, int itemSize) {
        this.descr = descr;
        this.itemSize = itemSize;
    }

    /** @return the NumPy type string written in the header, e.g. {@code <f4} */
    public String descr() {
        return descr;
    }

    /** @return bytes per element */
    public int itemSize() {
        return itemSize;
    }

    /**
     * @param descr a NumPy type string from a header
     * @return the matching type, or null if unsupported ({@code <u1} and {@code u1} are accepted for uint8)
     */
    static NpyDtype fromDescr(String descr) {
        switch (descr) {
            case "<f4":
                return FLOAT32;
            case "|u1":
            case "<u1":
            case ">u1":
            case "u1":
                return UINT8;
            default:
                return null;
        }
    }
}
