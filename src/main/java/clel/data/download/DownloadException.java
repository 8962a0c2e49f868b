package clel.data.download;

import clel.data.format.DataFormatException;

/**
 * A data set's files are missing and could not (or may not) be downloaded, or a download failed (offline,
 * HTTP error, checksum mismatch). The message is one line naming the file, the URL and the folder to put the
 * file into by hand.
 */
public class DownloadException extends DataFormatException {
    private static final long serialVersionUID = 1L;

    public DownloadException(String message) {
        super(message);
    }

    public DownloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
