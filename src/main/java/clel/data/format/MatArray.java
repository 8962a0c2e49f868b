package clel.data.format;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * One numeric variable of a MATLAB v5 .mat file: its name, MATLAB class, dimensions and the raw bytes of its
 * real part in column-major order (first dimension fastest), stored as {@code storageType} (MATLAB may store a
 * double array with small integer values as miUINT8, for example). Non-numeric variables (cell, struct, char,
 * sparse, ...) are kept with their class and dims but no data.
 */
public final class MatArray {
    /** MATLAB array classes (mxCLASS_ID). */
    public static final int MX_CELL = 1, MX_STRUCT = 2, MX_OBJECT = 3, MX_CHAR = 4, MX_SPARSE = 5,
            MX_DOUBLE = 6, MX_SINGLE = 7, MX_INT8 = 8, MX_UINT8 = 9, MX_INT16 = 10, MX_UINT16 = 11,
            MX_INT32 = 12, MX_UINT32 = 13, MX_INT64 = 14, MX_UINT64 = 15;
    /** MAT v5 data element types (miTYPE). */
    public static final int MI_INT8 = 1, MI_UINT8 = 2, MI_INT16 = 3, MI_UINT16 = 4, MI_INT32 = 5,
            MI_UINT32 = 6, MI_SINGLE = 7, MI_DOUBLE = 9, MI_INT64 = 12, MI_UINT64 = 13, MI_MATRIX = 14,
            MI_COMPRESSED = 15, MI_UTF8 = 16, MI_UTF16 = 17, MI_UTF32 = 18;

    private final String name;
    private final int matClass;
    private final int[] dims;
    private final boolean complex;
    private final int storageType;
    private final byte[] data;
    private final ByteOrder order;

    MatArray(String name, int matClass, int[] dims, boolean complex, int storageType, byte[] data, ByteOrder order) {
        this.name = Objects.requireNonNull(name, "name");
        this.matClass = matClass;
        this.dims = dims.clone();
        this.complex = complex;
        this.storageType = storageType;
        this.data = data;
        this.order = order;
        if (data != null && (long) elementSize(storageType) * elementCount() != data.length) {
            throw new IllegalArgumentException("variable '" + name + "': " + data.length + " data bytes for "
                    + elementCount() + " elements of type " + storageType);
        }
    }

    public String name() { return name; }

    /** The MATLAB class (one of the MX_* constants). */
    public int matClass() { return matClass; }

    /** Readable name of the class, e.g. "uint8", "double", "cell". */
    public String className() {
        switch (matClass) {
            case MX_CELL: return "cell";
            case MX_STRUCT: return "struct";
            case MX_OBJECT: return "object";
            case MX_CHAR: return "char";
            case MX_SPARSE: return "sparse";
            case MX_DOUBLE: return "double";
            case MX_SINGLE: return "single";
            case MX_INT8: return "int8";
            case MX_UINT8: return "uint8";
            case MX_INT16: return "int16";
            case MX_UINT16: return "uint16";
            case MX_INT32: return "int32";
            case MX_UINT32: return "uint32";
            case MX_INT64: return "int64";
            case MX_UINT64: return "uint64";
            default: return "class " + matClass;
        }
    }

    /** Dimensions, MATLAB order (rows, columns, ...). */
    public int[] dims() { return dims.clone(); }

    public boolean isComplex() { return complex; }

    /** Whether the real part was read (numeric classes only). */
    public boolean hasData() { return data != null; }

    /** The miTYPE the real part is stored as. */
    public int storageType() { return storageType; }

    /** Product of the dimensions. */
    public long elementCount() {
        long n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }

    /** Dimensions as "32x32x3x100". */
    public String dimsText() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            sb.append(i == 0 ? "" : "x").append(dims[i]);
        }
        return sb.toString();
    }

    /** The real part's bytes when stored as miUINT8 or miINT8 (not copied: do not modify). */
    public byte[] byteData() {
        if (data == null || (storageType != MI_UINT8 && storageType != MI_INT8)) {
            throw new IllegalStateException("variable '" + name + "' is not stored as 8-bit integers");
        }
        return data;
    }

    /** Element {@code i} (column-major) of the real part, converted to double. */
    public double get(long i) {
        if (data == null) {
            throw new IllegalStateException("variable '" + name + "' (" + className() + ") has no numeric data");
        }
        int idx = Math.toIntExact(i);
        ByteBuffer bb = ByteBuffer.wrap(data).order(order);
        switch (storageType) {
            case MI_INT8: return data[idx];
            case MI_UINT8: return data[idx] & 0xff;
            case MI_INT16: return bb.getShort(idx * 2);
            case MI_UINT16: return bb.getShort(idx * 2) & 0xffff;
            case MI_INT32: return bb.getInt(idx * 4);
            case MI_UINT32: return bb.getInt(idx * 4) & 0xffffffffL;
            case MI_SINGLE: return bb.getFloat(idx * 4);
            case MI_DOUBLE: return bb.getDouble(idx * 8);
            case MI_INT64: return bb.getLong(idx * 8);
            case MI_UINT64: {
                long v = bb.getLong(idx * 8);
                return v >= 0 ? v : (v >>> 1) * 2.0 + (v & 1);
            }
            default: throw new IllegalStateException("variable '" + name + "': unsupported storage type " + storageType);
        }
    }

    /** Byte size of one element of a numeric miTYPE, or -1 for non-numeric types. */
    static int elementSize(int miType) {
        switch (miType) {
            case MI_INT8: case MI_UINT8: return 1;
            case MI_INT16: case MI_UINT16: return 2;
            case MI_INT32: case MI_UINT32: case MI_SINGLE: return 4;
            case MI_DOUBLE: case MI_INT64: case MI_UINT64: return 8;
            default: return -1;
        }
    }

    @Override
    public String toString() {
        return name + " " + dimsText() + " " + className() + (complex ? " complex" : "")
                + (data == null ? "" : " stored as miTYPE " + storageType);
    }
}
