package clel.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One factor of variation of a labelled data set, with its value for each image: the class, an attribute group
 * ({@link AttributeGroup}) or a single binary attribute. What {@code clel analyze} probes the latents for.
 *
 * @param name       "class", a group's name or an attribute's name
 * @param valueNames the values' names; value v of an image indexes this list
 * @param values     one value per image, in [0, valueNames.size())
 */
public record Factor(String name, List<String> valueNames, int[] values) {
    /**
     * Checks every value against the value names, which it copies.
     *
     * @param name       "class", a group's name or an attribute's name
     * @param valueNames the values' names; value v of an image indexes this list
     * @param values     one value per image, in [0, valueNames.size())
     */
    public Factor {
        valueNames = List.copyOf(valueNames);
        for (int v : values) {
            if (v < 0 || v >= valueNames.size()) {
                throw new IllegalArgumentException("factor " + name + ": value " + v + " outside [0, "
                        + valueNames.size() + ")");
            }
        }
    }

    /**
     * The factors of the first {@code count} images of {@code set}: the class (when there are at least two), each
     * attribute group, and each attribute outside the groups. A one-hot group's values are its members (plus "none"
     * when an image has none of them); another group's values are the 2^m combinations of its m members.
     *
     * @param set   labelled images, with attributes and attribute groups or without
     * @param count the most images described (the first ones)
     * @return the factors
     */
    public static List<Factor> of(ImageSet set, int count) {
        int n = Math.min(count, set.count());
        List<Factor> factors = new ArrayList<>();
        if (set.classNames().size() > 1) {
            factors.add(new Factor("class", set.classNames(), Arrays.copyOf(set.labels(), n)));
        }
        List<String> grouped = new ArrayList<>();
        for (AttributeGroup g : set.attributeGroups()) {
            factors.add(group(set, g, n));
            grouped.addAll(g.members());
        }
        for (int a = 0; a < set.attributeNames().size(); a++) {
            String attribute = set.attributeNames().get(a);
            if (!grouped.contains(attribute)) {
                int[] v = new int[n];
                for (int i = 0; i < n; i++) {
                    v[i] = set.attribute(i, a);
                }
                factors.add(new Factor(attribute, List.of("not " + attribute, attribute), v));
            }
        }
        return factors;
    }

    private static Factor group(ImageSet set, AttributeGroup g, int n) {
        int m = g.members().size();
        int[] index = g.members().stream().mapToInt(set.attributeNames()::indexOf).toArray();
        int[] code = new int[n];
        boolean oneHot = true;
        for (int i = 0; i < n; i++) {
            int ones = 0;
            for (int k = 0; k < m; k++) {
                if (set.attribute(i, index[k]) == 1) {
                    code[i] |= 1 << k;
                    ones++;
                }
            }
            oneHot &= ones == 1;
        }
        if (oneHot) {
            int[] v = new int[n];
            for (int i = 0; i < n; i++) {
                v[i] = Integer.numberOfTrailingZeros(code[i]);
            }
            return new Factor(g.name(), g.members(), v);
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < 1 << m; c++) {
            List<String> on = new ArrayList<>();
            for (int k = 0; k < m; k++) {
                on.add(((c >> k) & 1) == 1 ? g.members().get(k) : "not " + g.members().get(k));
            }
            names.add(String.join(", ", on));
        }
        return new Factor(g.name(), names, code);
    }
}
