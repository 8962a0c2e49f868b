package clel.torchscript;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a TorchScript archive's {@code data.pkl} (the module tree, as libtorch's pickler writes it) without running
 * anything: a small interpreter of the pickle opcodes that pickler uses, which builds plain values instead of calling
 * the classes the pickle names. It yields the root module's class and the shape of every tensor in the tree, by
 * attribute path ("output.weight"). Any other opcode, or a pickle that ends early or nests too deeply, is refused.
 */
final class ModulePickle {
    /** A class or function named by GLOBAL: "__torch__.torch.nn.modules.linear" "Linear". */
    record Global(String module, String name) {
        String qualifiedName() {
            return module + "." + name;
        }
    }

    /** An object built by NEWOBJ (its class) and BUILD (its state, a dict for modules). */
    static final class Instance {
        final Global type;
        Object state;

        Instance(Global type) {
            this.type = type;
        }
    }

    /** A tensor: what _rebuild_tensor_v2 would build, kept as its sizes. */
    record TensorShape(long[] sizes) {
    }

    /** A call the pickle asks for (REDUCE) that is not a tensor: kept, never made. */
    record Call(Global function, Object arguments) {
    }

    /** The module tree read from data.pkl. */
    record Modules(Global root, Map<String, long[]> tensors) {
    }

    private static final Object MARK = new Object();
    private static final int MAX_MEMO = 1 << 20;
    private static final int MAX_DEPTH = 64;
    private static final int MAX_TENSORS = 1 << 20;
    private static final int MAX_OBJECTS = 1 << 21;
    private static final int MAX_STACK = 1 << 20;

    private final ByteBuffer in;
    private final List<Object> stack = new ArrayList<>();
    private final Map<Long, Object> memo = new LinkedHashMap<>();
    private int objects;

    private ModulePickle(byte[] bytes) {
        this.in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * The root module and its tensors' shapes.
     *
     * @throws IllegalArgumentException (without the file's name; the caller adds it) when the pickle is not one libtorch
     *                                  writes for a module
     */
    static Modules read(byte[] dataPkl) {
        Object root = new ModulePickle(dataPkl).run();
        if (!(root instanceof Instance module) || !module.type.module().startsWith("__torch__")) {
            throw new IllegalArgumentException("data.pkl does not hold a TorchScript module");
        }
        Map<String, long[]> tensors = new LinkedHashMap<>();
        collect(module, "", tensors, 0);
        return new Modules(module.type, tensors);
    }

    private static void collect(Instance module, String prefix, Map<String, long[]> tensors, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("data.pkl nests modules more than " + MAX_DEPTH + " deep");
        }
        if (!(module.state instanceof Map<?, ?> attributes)) {
            return;
        }
        for (Map.Entry<?, ?> e : attributes.entrySet()) {
            String path = prefix + e.getKey();
            if (e.getValue() instanceof TensorShape t) {
                if (tensors.size() >= MAX_TENSORS) {
                    throw new IllegalArgumentException("data.pkl holds more than " + MAX_TENSORS + " tensors");
                }
                tensors.put(path, t.sizes());
            } else if (e.getValue() instanceof Instance child) {
                collect(child, path + ".", tensors, depth + 1);
            }
        }
    }

    private Object run() {
        try {
            while (true) {
                int op = in.get() & 0xff;
                switch (op) {
                    case 0x80 -> in.get(); // PROTO
                    case 0x95 -> in.getLong(); // FRAME
                    case '.' -> { // STOP
                        return pop();
                    }
                    case '(' -> push(MARK);
                    case 'c' -> push(new Global(line(), line()));
                    case 0x93 -> { // STACK_GLOBAL
                        String name = (String) pop();
                        push(new Global((String) pop(), name));
                    }
                    case ')' -> push(tuple());
                    case 't' -> push(tuple(popToMark().toArray()));
                    case 0x85 -> push(tuple(pop()));
                    case 0x86 -> {
                        Object b = pop();
                        push(tuple(pop(), b));
                    }
                    case 0x87 -> {
                        Object c = pop();
                        Object b = pop();
                        push(tuple(pop(), b, c));
                    }
                    case ']' -> push(created(new ArrayList<>()));
                    case '}' -> push(created(new LinkedHashMap<>()));
                    case 'a' -> {
                        Object v = pop();
                        list(peek()).add(v);
                    }
                    case 'e' -> {
                        List<Object> items = popToMark();
                        list(peek()).addAll(items);
                    }
                    case 's' -> {
                        Object v = pop();
                        Object k = pop();
                        dict(peek()).put(k, v);
                    }
                    case 'u' -> {
                        List<Object> items = popToMark();
                        if (items.size() % 2 != 0) {
                            throw new IllegalArgumentException("data.pkl: SETITEMS with an odd number of items");
                        }
                        Map<Object, Object> d = dict(peek());
                        for (int i = 0; i < items.size(); i += 2) {
                            d.put(items.get(i), items.get(i + 1));
                        }
                    }
                    case 0x81 -> { // NEWOBJ
                        pop();
                        push(created(new Instance(global(pop()))));
                    }
                    case 'b' -> { // BUILD
                        Object state = pop();
                        if (!(peek() instanceof Instance i)) {
                            throw new IllegalArgumentException("data.pkl: BUILD on something other than an object");
                        }
                        i.state = state;
                    }
                    case 'R' -> { // REDUCE
                        Object args = pop();
                        push(created(reduce(global(pop()), args)));
                    }
                    case 'Q' -> push(new Call(new Global("", "persistent_load"), pop())); // BINPERSID
                    case 'q' -> remember(in.get() & 0xff);
                    case 'r' -> remember(in.getInt() & 0xffffffffL);
                    case 0x94 -> remember(memo.size()); // MEMOIZE
                    case 'h' -> push(recall(in.get() & 0xff));
                    case 'j' -> push(recall(in.getInt() & 0xffffffffL));
                    case 'K' -> push((long) (in.get() & 0xff));
                    case 'M' -> push((long) (in.getShort() & 0xffff));
                    case 'J' -> push((long) in.getInt());
                    case 0x8a -> push(long1(in.get() & 0xff));
                    case 'G' -> push(ByteBuffer.wrap(bytes(8)).getDouble()); // BINFLOAT, big-endian
                    case 'X' -> push(text(in.getInt() & 0xffffffffL));
                    case 0x8c -> push(text(in.get() & 0xff));
                    case 0x8d -> push(text(in.getLong()));
                    case 'C' -> push(bytes(in.get() & 0xff));
                    case 'B' -> push(bytes(in.getInt() & 0xffffffffL));
                    case 0x88 -> push(Boolean.TRUE);
                    case 0x89 -> push(Boolean.FALSE);
                    case 'N' -> push(null);
                    default -> throw new IllegalArgumentException(String.format(
                            "data.pkl: pickle opcode 0x%02x at byte %d is not one TorchScript writes", op, in.position() - 1));
                }
            }
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("data.pkl ends in the middle of the module tree");
        } catch (ClassCastException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("data.pkl is not a well-formed pickle near byte " + in.position());
        }
    }

    /** _rebuild_tensor_v2(storage, offset, sizes, strides, ...) becomes the tensor's shape; other calls stay calls. */
    private static Object reduce(Global function, Object args) {
        if (function.qualifiedName().equals("torch._utils._rebuild_tensor_v2") && args instanceof List<?> a
                && a.size() >= 3 && a.get(2) instanceof List<?> sizes) {
            long[] shape = new long[sizes.size()];
            for (int i = 0; i < shape.length; i++) {
                if (!(sizes.get(i) instanceof Long v) || v < 0) {
                    throw new IllegalArgumentException("data.pkl: a tensor has size " + sizes.get(i));
                }
                shape[i] = v;
            }
            return new TensorShape(shape);
        }
        if (function.qualifiedName().equals("collections.OrderedDict")) {
            return new LinkedHashMap<>();
        }
        return new Call(function, args);
    }

    private static List<Object> tuple(Object... items) {
        return Collections.unmodifiableList(Arrays.asList(items));
    }

    /** Counts the containers and objects built, so that a pickle of a few megabytes cannot fill the heap. */
    private <T> T created(T o) {
        if (++objects > MAX_OBJECTS) {
            throw new IllegalArgumentException("data.pkl builds more than " + MAX_OBJECTS + " objects");
        }
        return o;
    }

    private String line() {
        int start = in.position();
        while (in.get() != '\n') {
            if (in.position() - start > 4096) {
                throw new IllegalArgumentException("data.pkl: a class name longer than 4096 bytes");
            }
        }
        return new String(in.array(), start, in.position() - start - 1, StandardCharsets.UTF_8);
    }

    private String text(long length) {
        return new String(bytes(length), StandardCharsets.UTF_8);
    }

    private byte[] bytes(long length) {
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("data.pkl: a string of " + length + " bytes at byte " + in.position()
                    + " runs past the end (" + in.remaining() + " bytes left)");
        }
        byte[] b = new byte[(int) length];
        in.get(b);
        return b;
    }

    private long long1(int length) {
        if (length > 8) {
            throw new IllegalArgumentException("data.pkl: an integer of " + length + " bytes");
        }
        long v = 0;
        for (int i = 0; i < length; i++) {
            v |= (long) (in.get() & 0xff) << (8 * i);
        }
        return length > 0 && length < 8 && (v >> (8 * length - 1) & 1) == 1 ? v - (1L << (8 * length)) : v;
    }

    private void remember(long index) {
        if (memo.size() >= MAX_MEMO && !memo.containsKey(index)) {
            throw new IllegalArgumentException("data.pkl memoizes more than " + MAX_MEMO + " objects");
        }
        memo.put(index, peek());
    }

    private Object recall(long index) {
        if (!memo.containsKey(index)) {
            throw new IllegalArgumentException("data.pkl refers to object " + index + " before it is defined");
        }
        return memo.get(index);
    }

    private void push(Object o) {
        if (stack.size() >= MAX_STACK) {
            throw new IllegalArgumentException("data.pkl stacks more than " + MAX_STACK + " values");
        }
        stack.add(o);
    }

    private Object pop() {
        Object o = stack.remove(stack.size() - 1);
        if (o == MARK) {
            throw new IllegalArgumentException("data.pkl: a value is missing before byte " + in.position());
        }
        return o;
    }

    private Object peek() {
        Object o = stack.get(stack.size() - 1);
        if (o == MARK) {
            throw new IllegalArgumentException("data.pkl: a value is missing before byte " + in.position());
        }
        return o;
    }

    private List<Object> popToMark() {
        int mark = stack.lastIndexOf(MARK);
        if (mark < 0) {
            throw new IllegalArgumentException("data.pkl: a MARK is missing before byte " + in.position());
        }
        List<Object> items = new ArrayList<>(stack.subList(mark + 1, stack.size()));
        stack.subList(mark, stack.size()).clear();
        return items;
    }

    private static Global global(Object o) {
        if (!(o instanceof Global g)) {
            throw new IllegalArgumentException("data.pkl: an object built from something other than a class");
        }
        return g;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        if (!(o instanceof ArrayList<?>)) {
            throw new IllegalArgumentException("data.pkl: APPEND to something other than a list");
        }
        return (List<Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> dict(Object o) {
        if (!(o instanceof LinkedHashMap<?, ?>)) {
            throw new IllegalArgumentException("data.pkl: SETITEM on something other than a dict");
        }
        return (Map<Object, Object>) o;
    }
}
