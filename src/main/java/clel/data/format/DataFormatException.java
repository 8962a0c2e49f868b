package clel.data.format;

import java.io.IOException;

/**
 * A data file does not have the layout its format promises (truncated file, wrong record size, bad magic
 * number, missing variable, undecodable image, ...). The message is one line naming the file and, where it
 * applies, the record, line or entry that is wrong.
 */
public class DataFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public DataFormatException(String message) {
        super(message);
    }

    public DataFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
