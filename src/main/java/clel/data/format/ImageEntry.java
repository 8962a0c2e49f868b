package clel.data.format;

import java.io.IOException;

/** One encoded image to decode: its name for messages (file path or zip entry) and how to read its bytes. */
final class ImageEntry {
    /** Reads the encoded bytes of an image. */
    interface ByteSource {
        byte[] read() throws IOException;
    }

    final String name;
    final ByteSource source;

    ImageEntry(String name, ByteSource source) {
        this.name = name;
        this.source = source;
    }
}
