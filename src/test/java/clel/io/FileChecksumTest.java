package clel.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.CRC32;
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
        CRC32 whole = new CRC32();
        whole.update(big);
        assertEquals(whole.getValue(), FileChecksum.crc32(file));
    }

    @Test
    void sha256OfTheStandardTestVectorsAndOfAFileLongerThanOneBlock(@TempDir Path dir) throws Exception {
        Path abc = dir.resolve("abc");
        Files.writeString(abc, "abc", StandardCharsets.US_ASCII);
        // FIPS 180-2, appendix B.1
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", FileChecksum.sha256(abc));
        assertEquals("900150983cd24fb0d6963f7d28e17f72", FileChecksum.md5(abc)); // RFC 1321 test vector
        byte[] big = new byte[200_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + 7);
        }
        Path file = dir.resolve("big");
        Files.write(file, big);
        String whole = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(big));
        assertEquals(whole, FileChecksum.sha256(file));
    }
}
