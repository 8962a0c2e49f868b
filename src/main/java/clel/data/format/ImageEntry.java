package clel.data.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One encoded image to decode: its name for messages (file path or zip entry) and how to read its bytes. At most
 * {@link #MAX_ENCODED_BYTES} bytes are read for one image (a zip entry is read as its data arrives, so a size it
 * declares does not count).
 */
final class ImageEntry {
    /** Most bytes one encoded image file may have (an uncompressed 4096 x 4096 RGBA image of 16 bits is 128 MiB). */
    static final int MAX_ENCODED_BYTES = 256 << 20;

    /** Reads the encoded bytes of an image. */
    interface ByteSource {
        byte[] read() throws IOException;
    }

    /** Opens a stream of an image's encoded bytes. */
    interface StreamSource {
        InputStream open() throws IOException;
    }

    final String name;
    final ByteSource source;

    ImageEntry(String name, ByteSource source) {
        this.name = name;
        this.source = source;
    }

    /** An image file, refused before it is read when it is larger than {@link #MAX_ENCODED_BYTES}. */
    static ImageEntry ofFile(Path file) {
        return new ImageEntry(file.toString(), () -> {
            long size = Files.size(file);
            if (size > MAX_ENCODED_BYTES) {
                throw tooLarge(size + " bytes");
            }
            return Files.readAllBytes(file);
        });
    }

    /** An image read from a stream (a zip entry), at most {@link #MAX_ENCODED_BYTES} of it. */
    static ImageEntry ofStream(String name, StreamSource stream) {
        return new ImageEntry(name, () -> {
            try (InputStream in = stream.open()) {
                byte[] data = in.readNBytes(MAX_ENCODED_BYTES);
                if (in.read() >= 0) {
                    throw tooLarge("more than " + MAX_ENCODED_BYTES + " bytes");
                }
                return data;
            }
        });
    }

    private static IOException tooLarge(String size) {
        return new IOException("image file of " + size + ", more than the " + MAX_ENCODED_BYTES
                + " bytes read for one image");
    }
}
