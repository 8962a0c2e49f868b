package clel.data.download;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One file a data set's publisher serves: the name the readers look for, where to fetch it, and the MD5 digest
 * the fetched bytes must have.
 *
 * @param fileName  base name of the file as it is stored under the data root (no folders), e.g.
 *                  {@code cifar-10-binary.tar.gz}
 * @param url       absolute http(s) address of the file
 * @param md5       expected MD5 of the file, 32 lower-case hex digits (upper case is accepted and lowered)
 * @param sizeBytes size of the file in bytes, or {@link #UNKNOWN_SIZE} when not known
 */
public record DownloadSource(String fileName, URI url, String md5, long sizeBytes) {
    /** {@link #sizeBytes()} of a file whose size is not known. */
    public static final long UNKNOWN_SIZE = -1;

    private static final Pattern MD5_HEX = Pattern.compile("[0-9a-f]{32}");

    public DownloadSource {
        if (fileName == null || fileName.isBlank()) {
            throw new IllegalArgumentException("download source: empty file name");
        }
        if (fileName.contains("/") || fileName.contains("\\") || fileName.equals(".") || fileName.equals("..")) {
            throw new IllegalArgumentException("download source '" + fileName + "': file name must be a plain base name");
        }
        if (url == null || !url.isAbsolute() || url.getHost() == null
                || !("https".equalsIgnoreCase(url.getScheme()) || "http".equalsIgnoreCase(url.getScheme()))) {
            throw new IllegalArgumentException("download source '" + fileName + "': URL " + url
                    + " is not an absolute http(s) address");
        }
        md5 = md5 == null ? "" : md5.toLowerCase(Locale.ROOT);
        if (!MD5_HEX.matcher(md5).matches()) {
            throw new IllegalArgumentException("download source '" + fileName + "': MD5 '" + md5
                    + "' is not 32 hex digits");
        }
        if (sizeBytes < UNKNOWN_SIZE || sizeBytes == 0) {
            throw new IllegalArgumentException("download source '" + fileName + "': size " + sizeBytes
                    + " must be positive or UNKNOWN_SIZE (-1)");
        }
    }

    /** A source of unknown size. */
    public DownloadSource(String fileName, String url, String md5) {
        this(fileName, URI.create(url), md5, UNKNOWN_SIZE);
    }

    /** A source of known size. */
    public DownloadSource(String fileName, String url, String md5, long sizeBytes) {
        this(fileName, URI.create(url), md5, sizeBytes);
    }

    /** Whether {@link #sizeBytes()} is known. */
    public boolean sizeKnown() {
        return sizeBytes != UNKNOWN_SIZE;
    }
}
