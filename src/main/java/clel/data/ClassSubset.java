package clel.data;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A subset of a data set's classes, written as class indices and ranges: {@code "5-9"}, {@code "0,2,4"},
 * {@code "0-2,7"}; the empty text is every class. It makes semantic OOD splits of any labelled set: train on
 * {@code data.classes=0-4} and score {@code NAME[5-9]=ROOT} against {@code NAME[0-4]=ROOT}. Labels keep their
 * numbers and class names, so a class-conditional or classifier-based evaluation reads the same classes.
 *
 * @param classes the class indices kept, ascending and distinct; empty = every class
 */
public record ClassSubset(List<Integer> classes) {
    /** Every class. */
    public static final ClassSubset ALL = new ClassSubset(List.of());
    /** The largest class index a subset may name (far above any data set's class count). */
    public static final int MAX_CLASS = 100_000;

    /**
     * Checks the classes (distinct, in 0..{@value #MAX_CLASS}) and sorts them.
     *
     * @param classes the class indices kept, ascending and distinct; empty = every class
     */
    public ClassSubset {
        TreeSet<Integer> sorted = new TreeSet<>(classes);
        if (sorted.size() != classes.size()) {
            throw new IllegalArgumentException("a class is named twice in " + classes);
        }
        if (!sorted.isEmpty() && (sorted.first() < 0 || sorted.last() > MAX_CLASS)) {
            throw new IllegalArgumentException("classes must be in 0.." + MAX_CLASS + ", got " + classes);
        }
        classes = List.copyOf(sorted);
    }

    /**
     * Parses {@code "5-9"}, {@code "0,2,4"}, {@code "0-2,7"} or {@code ""} (every class).
     *
     * @param text  the list
     * @param where what the text is, for the message (e.g. {@code "data.classes"})
     * @return the subset
     * @throws IllegalArgumentException naming {@code where} when the text is not such a list
     */
    public static ClassSubset parse(String text, String where) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            return ALL;
        }
        // a class named twice is refused as soon as it is seen, so that repeated ranges never add up to more than
        // MAX_CLASS + 1 entries (a configuration repeating 0-100000 would otherwise fill the heap)
        BitSet named = new BitSet();
        try {
            for (String part : t.split(",")) {
                String p = part.trim();
                int dash = p.indexOf('-', 1);
                int lo = Integer.parseInt(dash < 0 ? p : p.substring(0, dash).trim());
                int hi = dash < 0 ? lo : Integer.parseInt(p.substring(dash + 1).trim());
                if (lo < 0 || hi < lo || hi > MAX_CLASS) {
                    throw new IllegalArgumentException(where + ": '" + p + "' is not a class index or a range lo-hi "
                            + "with 0 <= lo <= hi <= " + MAX_CLASS);
                }
                int again = named.nextSetBit(lo);
                if (again >= 0 && again <= hi) {
                    throw new IllegalArgumentException(where + ": class " + again + " is named twice");
                }
                named.set(lo, hi + 1);
            }
            return new ClassSubset(named.stream().boxed().toList());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": '" + t + "' is not a list of class indices and ranges "
                    + "such as 5-9 or 0,2,4");
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith(where) ? e : new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }

    /** @return true when every class is kept */
    public boolean isAll() {
        return classes.isEmpty();
    }

    /**
     * The images of {@code set} whose label is in this subset, named {@code NAME[classes]}; the set itself when every
     * class is kept.
     *
     * @param set   labelled images
     * @param where what named the subset, for the message
     * @return the images kept
     * @throws IllegalArgumentException naming {@code where} when a class is outside the set's classes
     */
    public ImageSet apply(ImageSet set, String where) {
        if (isAll()) {
            return set;
        }
        int n = set.classNames().size();
        if (classes.get(classes.size() - 1) >= n) {
            throw new IllegalArgumentException(where + ": class " + classes.get(classes.size() - 1) + " outside 0.."
                    + (n - 1) + " of " + set.name() + " (" + String.join(", ", set.classNames()) + ")");
        }
        boolean[] keep = new boolean[n];
        classes.forEach(c -> keep[c] = true);
        int[] indices = IntStream.range(0, set.count()).filter(i -> keep[set.label(i)]).toArray();
        return set.select(indices, set.name() + "[" + this + "]");
    }

    /** The canonical text: ranges of consecutive classes joined by commas ({@code "0-2,7"}); empty for every class. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < classes.size()) {
            int j = i;
            while (j + 1 < classes.size() && classes.get(j + 1) == classes.get(j) + 1) {
                j++;
            }
            parts.add(i == j ? String.valueOf(classes.get(i)) : classes.get(i) + "-" + classes.get(j));
            i = j + 1;
        }
        return String.join(",", parts);
    }

    /**
     * @param names the data set's class names
     * @return the classes' names, for messages (e.g. "sandal, shirt"), or "every class"
     */
    public String names(List<String> names) {
        return isAll() ? "every class" : classes.stream().map(c -> c < names.size() ? names.get(c) : "#" + c)
                .collect(Collectors.joining(", "));
    }
}
