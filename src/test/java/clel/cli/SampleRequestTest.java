package clel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clel.cli.SampleCommand.Mode;
import org.junit.jupiter.api.Test;

/** Every valid combination of --mode, --like, --interpolate and --attributes has one kind, output name and title. */
class SampleRequestTest {
    private static void expect(Mode mode, boolean like, boolean interpolate, boolean composition, SampleKind kind,
                               String name, String title) {
        SampleRequest r = SampleRequest.of(mode, like, interpolate, composition);
        String what = mode + (like ? " --like" : "") + (interpolate ? " --interpolate" : "")
                + (composition ? " --attributes" : "");
        assertEquals(kind, r.kind(), what);
        assertEquals(name, r.defaultName(), what);
        assertEquals(title, r.kind().title(), what);
    }

    @Test
    void eachCombinationNamesAndTitlesItsSamples() {
        expect(Mode.unconditional, false, false, false, SampleKind.UNCONDITIONAL, "samples-unconditional",
                "Samples: unconditional");
        expect(Mode.instance, false, false, false, SampleKind.INSTANCE, "samples-instance", "Samples: instance");
        expect(Mode.classes, false, false, false, SampleKind.CLASSES, "samples-classes", "Samples: classes");
        expect(Mode.compose, false, false, true, SampleKind.COMPOSE, "samples-compose", "Samples: compose");
        expect(Mode.unconditional, true, false, false, SampleKind.LIKE, "samples-like", "Samples: like");
        expect(Mode.unconditional, true, false, true, SampleKind.COMPOSE, "samples-like", "Samples: compose");
        expect(Mode.compose, true, false, false, SampleKind.LIKE, "samples-compose", "Samples: like");
        expect(Mode.compose, true, false, true, SampleKind.COMPOSE, "samples-compose", "Samples: compose");
        expect(Mode.unconditional, false, true, false, SampleKind.INTERPOLATE, "samples-interpolate",
                "Samples: interpolate");
    }

    @Test
    void optionsThatDoNotGoTogetherSayHowToCombineThem() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SampleRequest.of(Mode.unconditional, true, true,
                false)).getMessage().startsWith("--interpolate is a mode of its own"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SampleRequest.of(Mode.classes, true, false,
                false)).getMessage().startsWith("--like conditions on your images' z-bar"));
        assertEquals("--attributes works with --mode compose or --like, not with --mode instance",
                assertThrows(IllegalArgumentException.class, () -> SampleRequest.of(Mode.instance, false, false, true))
                        .getMessage());
        assertEquals("--mode compose needs --attributes a,b,... (or --like FOLDER)",
                assertThrows(IllegalArgumentException.class, () -> SampleRequest.of(Mode.compose, false, false, false))
                        .getMessage());
    }
}
