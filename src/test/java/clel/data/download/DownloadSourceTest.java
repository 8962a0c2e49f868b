package clel.data.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DownloadSourceTest {
    @Test
    void sourceValidation() {
        assertEquals("0123456789abcdef0123456789abcdef",
                new DownloadSource("a.bin", "https://example.org/a.bin", "0123456789ABCDEF0123456789ABCDEF").md5());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DownloadSource("a.bin", "https://example.org/a.bin", "1234"));
        assertTrue(e.getMessage().contains("a.bin") && e.getMessage().contains("32 hex"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new DownloadSource("../a.bin", "https://example.org/a.bin", "0123456789abcdef0123456789abcdef"));
        assertThrows(IllegalArgumentException.class,
                () -> new DownloadSource("a.bin", "ftp://example.org/a.bin", "0123456789abcdef0123456789abcdef"));
        assertThrows(IllegalArgumentException.class,
                () -> new DownloadSource("", "https://example.org/a.bin", "0123456789abcdef0123456789abcdef"));
        assertThrows(IllegalArgumentException.class,
                () -> new DownloadSource("a.bin", "https://example.org/a.bin", "0123456789abcdef0123456789abcdef", 0));
    }
}
