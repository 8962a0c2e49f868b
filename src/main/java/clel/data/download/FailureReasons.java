package clel.data.download;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;

/** Short, one-line reasons of failed downloads for {@link DataDownloader}'s messages. */
final class FailureReasons {
    private FailureReasons() {
    }

    /** Whether the body was cut off for being larger than allowed. */
    static boolean tooLarge(Throwable t) {
        return chain(t).stream().anyMatch(c -> c instanceof CappedFileSubscriber.TooLargeException);
    }

    /** A short reason for a failed exchange: unknown host, connection refused, timeout, TLS, ... */
    static String of(Throwable t, URI uri, Duration responseTimeout) {
        List<Throwable> chain = chain(t);
        for (Throwable c : chain) {
            if (c instanceof CappedFileSubscriber.TooLargeException) {
                return c.getMessage();
            }
        }
        for (Throwable c : chain) {
            if (c instanceof UnresolvedAddressException || c instanceof UnknownHostException) {
                return "unknown host " + uri.getHost() + ", offline?";
            }
        }
        for (Throwable c : chain) {
            if (c instanceof HttpConnectTimeoutException) {
                return "connect timed out, offline?";
            }
        }
        for (Throwable c : chain) {
            if (c instanceof HttpTimeoutException) {
                return "no response within " + seconds(responseTimeout);
            }
        }
        for (Throwable c : chain) {
            if (c instanceof SSLException) {
                return "TLS failure: " + oneLine(c);
            }
        }
        for (Throwable c : chain) {
            if (c instanceof ConnectException) {
                // the JDK client gives no detail here (ConnectException caused by ClosedChannelException)
                String m = c.getMessage();
                return m == null || m.isBlank() ? "connection refused or host unreachable, offline?"
                        : m.replaceAll("\\s+", " ").trim();
            }
        }
        return oneLine(t);
    }

    /** The exception and its causes, each once. */
    private static List<Throwable> chain(Throwable t) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable c = t; c != null && !chain.contains(c); c = c.getCause()) {
            chain.add(c);
        }
        return chain;
    }

    /** The exception's class and message on one line. */
    static String oneLine(Throwable t) {
        String m = t.getMessage();
        String s = t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
        return s.replaceAll("\\s+", " ").trim();
    }

    /** A duration as "N s". */
    static String seconds(Duration d) {
        return d.toSeconds() + " s";
    }
}
