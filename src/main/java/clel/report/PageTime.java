package clel.report;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the report pages write a time: in the machine's time zone, to the second, with the zone's name. */
final class PageTime {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.ROOT);

    private PageTime() {
    }

    /** The time {@code t}, e.g. "2025-01-31 17:04:09 CET". */
    static String of(Instant t) {
        return ZonedDateTime.ofInstant(t, ZoneId.systemDefault()).format(FORMAT);
    }

    /** The time now, for a page's "generated" line. */
    static String now() {
        return of(Instant.now());
    }
}
