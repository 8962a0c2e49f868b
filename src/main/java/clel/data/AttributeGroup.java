package clel.data;

import java.util.List;
import java.util.Objects;

/**
 * Binary attributes of an {@link ImageSet} that together describe one factor of the data: either one-hot (exactly one
 * member is 1 in every image, as the shapes' colours red..cyan) or a binary code (as the shapes' position from
 * left_half and top_half: four quadrants).
 *
 * @param name    the factor's name, e.g. "colour"
 * @param members attribute names, 2 to {@value #MAX_MEMBERS}
 */
public record AttributeGroup(String name, List<String> members) {
    /** Most members a group may have (a group that is not one-hot has 2^m values). */
    public static final int MAX_MEMBERS = 10;

    /**
     * Checks the group: a name and 2 to {@value #MAX_MEMBERS} members, copied.
     *
     * @param name    the factor's name, e.g. "colour"
     * @param members attribute names, 2 to {@value #MAX_MEMBERS}
     */
    public AttributeGroup {
        Objects.requireNonNull(name, "name");
        if (members.size() < 2 || members.size() > MAX_MEMBERS) {
            throw new IllegalArgumentException("attribute group " + name + " needs 2 to " + MAX_MEMBERS
                    + " attributes, got " + members);
        }
        members = List.copyOf(members);
    }
}
