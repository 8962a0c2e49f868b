package clel.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileChecksumTest {
    @Test
    void theStandardCheckValueAndAFileLongerThanOneBlock(@TempDir Path dir) throws Exception {
        Path check = dir.resolve("check");
        Files.writeString(check, "123456789", StandardCharsets.US_ASCII);
        assertEquals(0xCBF43926L, FileChecksum.crc32(check)); // the CRC-32 check value of "123456789"

        byte[] big = new byte[200_000]; // several 64 KB blocks
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + 7);
        }
        Path file = dir.resolve("big");
        Files.write(file, big);
        java.util.zip.CRC32 whole = new java.util.zip.CRC32();
        whole.update(big);
        assertEquals(whole.getValue(), FileChecksum.crc32(file));
    }
}
