package clel.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32;

/** CRC-32, SHA-256 and MD5 of a file's bytes, read in blocks (files such as the Inception network are about 100 MB). */
public final class FileChecksum {
    private FileChecksum() {
    }

    /**
     * @param file the file
     * @return the CRC-32 of its contents, in [0, 2^32)
     * @throws IOException when it cannot be read
     */
    public static long crc32(Path file) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int r; (r = in.read(buf)) > 0; ) {
                crc.update(buf, 0, r);
            }
        }
        return crc.getValue();
    }

    /**
     * @param file the file
     * @return the SHA-256 of its contents as 64 lower-case hex digits
     * @throws IOException when it cannot be read
     */
    public static String sha256(Path file) throws IOException {
        return digest(file, "SHA-256");
    }

    /**
     * @param file the file
     * @return the MD5 of its contents as 32 lower-case hex digits (the publishers' download checksums)
     * @throws IOException when it cannot be read
     */
    public static String md5(Path file) throws IOException {
        return digest(file, "MD5");
    }

    private static String digest(Path file, String algorithm) throws IOException {
        MessageDigest d;
        try {
            d = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is not available in this JVM", e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int r; (r = in.read(buf)) > 0; ) {
                d.update(buf, 0, r);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }
}
