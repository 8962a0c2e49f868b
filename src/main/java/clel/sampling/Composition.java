package clel.sampling;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A composition of attributes for eq. (15) generalised with negation and weights, parsed from tokens such as
 * {@code red}, {@code -large} or {@code large=-0.5}.
 *
 * <p>Meaning. Every term k adds {@code -beta * |w_k| * g(f(x)/||f(x)||)^T zbar_k} to the energy E(x)
 * ({@link clel.energy.Energies#weighted}), where zbar_k is:
 * <ul>
 *   <li>for w_k > 0, the z-bar of the images that have the attribute (attribute = 1), as in the paper;</li>
 *   <li>for w_k &lt; 0 ("not a"), the z-bar of the attribute's negative set, the images without it (attribute = 0).</li>
 * </ul>
 * So {@code -large} is {@code large=-1}: its term is {@code +1 * beta * g^T zbar(large = 0)} in the log-density, and
 * {@code large=-0.5} is half of that. The sign chooses the set, the magnitude scales the term. A negated attribute
 * is not the repulsion {@code +beta g^T zbar(large = 1)} in the energy: on the sphere that pushes towards
 * {@code -zbar(large = 1)}, a direction no image need have, while the images without the attribute have a z-bar of
 * their own.
 *
 * @param terms at least one term, each attribute named once
 */
public record Composition(List<Term> terms) {
    /** Largest |weight| accepted: beyond it the latent term dwarfs the marginal energy whatever beta is. */
    public static final float MAX_WEIGHT = 100f;

    /**
     * One attribute of a composition.
     *
     * @param attribute the attribute's name in the data set
     * @param weight    signed, non-zero, |weight| &lt;= {@link #MAX_WEIGHT}: &gt; 0 wants the attribute, &lt; 0 wants it
     *                  absent
     */
    public record Term(String attribute, float weight) {
        /**
         * Checks the term.
         *
         * @param attribute the attribute's name in the data set, not blank
         * @param weight    signed, non-zero, |weight| &lt;= {@link #MAX_WEIGHT}
         * @throws IllegalArgumentException when the name is null or blank, or the weight is 0, not finite or of
         *                                  magnitude &gt; {@link #MAX_WEIGHT}
         */
        public Term {
            if (attribute == null || attribute.isBlank()) {
                throw new IllegalArgumentException("a composition term needs an attribute name");
            }
            if (!Float.isFinite(weight) || weight == 0 || Math.abs(weight) > MAX_WEIGHT) {
                throw new IllegalArgumentException("the weight of '" + attribute + "' must be non-zero and within +-"
                        + MAX_WEIGHT + ", got " + weight);
            }
        }

        /**
         * True when the term wants the attribute present (its z-bar is that of the images with it).
         *
         * @return whether the weight is &gt; 0
         */
        public boolean present() {
            return weight > 0;
        }

        /**
         * |weight|, the factor of the term in the energy.
         *
         * @return |weight|, in (0, {@link #MAX_WEIGHT}]
         */
        public float magnitude() {
            return Math.abs(weight);
        }

        /**
         * The term in words: "red", "not large", "0.5 x not large".
         *
         * @return the attribute, "not " before it when negated, and "|weight| x " before that when |weight| != 1
         */
        public String describe() {
            String what = (present() ? "" : "not ") + attribute;
            return magnitude() == 1f ? what : String.format(Locale.ROOT, "%s x %s", trim(magnitude()), what);
        }
    }

    /**
     * Checks the composition and keeps an unmodifiable copy of {@code terms}.
     *
     * @param terms at least one term, each attribute named once
     * @throws IllegalArgumentException when there is no term or an attribute is named twice
     */
    public Composition {
        terms = List.copyOf(terms);
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("a composition needs at least one attribute");
        }
        Set<String> seen = new HashSet<>();
        for (Term t : terms) {
            if (!seen.add(t.attribute())) {
                throw new IllegalArgumentException("attribute '" + t.attribute() + "' is named twice in the composition");
            }
        }
    }

    /**
     * Parses tokens {@code NAME} (weight 1), {@code -NAME} (weight -1) or {@code NAME=WEIGHT}.
     *
     * @param tokens one token per term, e.g. {@code red}, {@code -large}, {@code large=-0.5}; NAME of letters, digits,
     *               '_' and '.', WEIGHT a non-zero number of magnitude &lt;= {@link #MAX_WEIGHT}; surrounding
     *               whitespace is ignored
     * @return the composition, its terms in the order of {@code tokens}
     * @throws IllegalArgumentException one line naming the bad token
     */
    public static Composition parse(List<String> tokens) {
        List<Term> terms = new ArrayList<>();
        for (String raw : tokens) {
            terms.add(parseTerm(raw));
        }
        return new Composition(terms);
    }

    private static Term parseTerm(String raw) {
        String token = raw.strip();
        int eq = token.indexOf('=');
        String name = eq < 0 ? token : token.substring(0, eq).strip();
        boolean negated = name.startsWith("-");
        if (negated) {
            name = name.substring(1).strip();
        }
        if (name.isEmpty() || !name.matches("[A-Za-z0-9_.]+")) {
            throw new IllegalArgumentException("bad attribute token '" + raw + "': expected NAME, -NAME or NAME=WEIGHT"
                    + " (letters, digits, '_' and '.')");
        }
        if (eq < 0) {
            return new Term(name, negated ? -1f : 1f);
        }
        if (negated) {
            throw new IllegalArgumentException("bad attribute token '" + raw + "': write -" + name + " or " + name
                    + "=WEIGHT (a negative weight negates), not both");
        }
        String w = token.substring(eq + 1).strip();
        if (!w.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?")) {
            throw new IllegalArgumentException("bad attribute token '" + raw + "': '" + w + "' is not a number");
        }
        float weight = Float.parseFloat(w);
        if (!Float.isFinite(weight) || weight == 0 || Math.abs(weight) > MAX_WEIGHT) {
            throw new IllegalArgumentException("bad attribute token '" + raw + "': the weight must be non-zero and"
                    + " within +-" + trim(MAX_WEIGHT));
        }
        return new Term(name, weight);
    }

    /**
     * The attribute names, in order.
     *
     * @return the attribute of every term, in the order of {@link #terms()}
     */
    public List<String> attributes() {
        return terms.stream().map(Term::attribute).toList();
    }

    /**
     * |w_k| of every term, in order: the weights of {@link clel.energy.Energies#weighted}.
     *
     * @return a new array of K = {@code terms().size()} values, each in (0, {@link #MAX_WEIGHT}]
     */
    public float[] magnitudes() {
        float[] m = new float[terms.size()];
        for (int k = 0; k < m.length; k++) {
            m[k] = terms.get(k).magnitude();
        }
        return m;
    }

    /**
     * The composition in words: "red + not large", "red + 0.5 x not large".
     *
     * @return the {@link Term#describe()} of every term, joined by " + "
     */
    public String describe() {
        return String.join(" + ", terms.stream().map(Term::describe).toList());
    }

    private static String trim(float v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
