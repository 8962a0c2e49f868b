package clel.data.download;

import clel.data.format.DataSplit;
import clel.io.FileChecksum;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLException;

/**
 * Makes sure a benchmark's publisher files are under its data root before a reader opens them, fetching the
 * missing ones from their canonical URL ({@link PublisherFiles#sources}) when allowed. What "present" means and
 * what happens after fetching (e.g. unpacking) is each data set's own {@link PublisherFiles}.
 *
 * <p>Downloads go to a hidden temporary file in the target folder, are checked against the catalog's MD5 and
 * only then moved (atomically where the file system allows) to their name; a failed or mismatching download
 * leaves nothing behind. Nothing is printed: {@link EnsureResult#downloaded()} lists what was fetched. Offline
 * (unknown host, refused connection, timeout) the call fails at once with a one-line {@link DownloadException}:
 * "cannot download URL (reason); put FILE into ROOT yourself".
 *
 * <p>Instances are immutable and thread-safe; {@link #standard()} uses a fresh {@link HttpClient} with a
 * 10 s connect timeout that follows redirects (not https to http) and honours the JVM's proxy settings.
 */
public final class DataDownloader {
    /** Default time allowed to open a connection. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Default time allowed from sending a request to receiving the response headers. */
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(30);
    /** Default time allowed for one whole file, body included. */
    public static final Duration DEFAULT_TOTAL_TIMEOUT = Duration.ofMinutes(60);

    private final HttpClient client;
    private final UnaryOperator<URI> rewriter;
    private final Duration responseTimeout;
    private final Duration totalTimeout;
    private final BiFunction<PublisherFiles, DataSplit, List<DownloadSource>> catalog;

    private DataDownloader(Builder b) {
        this.client = b.client != null ? b.client : defaultClient(b.connectTimeout);
        this.rewriter = b.rewriter;
        this.responseTimeout = b.responseTimeout;
        this.totalTimeout = b.totalTimeout;
        this.catalog = b.catalog;
    }

    /** A downloader fetching the catalog's URLs with the default timeouts. */
    public static DataDownloader standard() {
        return builder().build();
    }

    /** Options of a downloader (for tests: a local server via {@link Builder#mirror(URI)}). */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Make sure the files of all splits of {@code set} are under {@code root}.
     *
     * @see #ensure(PublisherFiles, Path, DataSplit, boolean)
     */
    public EnsureResult ensure(PublisherFiles set, Path root, boolean download) throws IOException {
        return ensure(set, root, null, download);
    }

    /**
     * Make sure the files a reader needs for {@code split} of {@code set} are under {@code root}: return at once
     * when they are present; otherwise, with {@code download}, fetch and verify each missing file (creating
     * {@code root} if needed) and {@linkplain PublisherFiles#unpack unpack} them, else fail naming the files, the
     * folder and the URLs.
     *
     * @param split the split to be read, or null for both
     * @return the root to read from and the files fetched
     * @throws DownloadException one line: what is missing and where to put it, or why a download failed
     */
    public EnsureResult ensure(PublisherFiles set, Path root, DataSplit split, boolean download) throws IOException {
        Objects.requireNonNull(set, "set");
        Objects.requireNonNull(root, "root");
        List<DataSplit> splits = split == null ? List.of(DataSplit.TRAIN, DataSplit.TEST) : List.of(split);
        Map<String, DownloadSource> known = new LinkedHashMap<>();
        for (DataSplit s : splits) {
            for (DownloadSource src : catalog.apply(set, s)) {
                known.putIfAbsent(src.fileName(), src);
            }
        }
        Path dir = root;
        List<String> missing;
        if (!Files.exists(root) && root.getParent() != null && known.containsKey(root.getFileName().toString())
                && set.readsDownloadedFileAsRoot()) {
            // data.root names the publisher's file itself (e.g. /data/cifar-10-binary.tar.gz)
            dir = root.getParent();
            missing = List.of(root.getFileName().toString());
        } else {
            missing = set.missing(root, splits);
        }
        if (missing.isEmpty()) {
            return new EnsureResult(root, List.of());
        }
        if (known.isEmpty()) {
            throw new DownloadException(set.configName() + ": " + root + " not found, and there is no canonical "
                    + "download for " + set.configName()
                    + (set.noDownloadReason().isEmpty() ? "" : " (" + set.noDownloadReason() + ")")
                    + "; put the files into " + root
                    + " yourself");
        }
        for (String f : missing) {
            if (!known.containsKey(f)) {
                throw new DownloadException(set.configName() + ": " + f + " missing in " + dir
                        + " and not in the download catalog; put it into " + dir + " yourself");
            }
        }
        List<DownloadSource> needed = new ArrayList<>();
        for (String f : missing) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                needed.add(known.get(f));
            }
        }
        if (!download && !needed.isEmpty()) {
            StringBuilder b = new StringBuilder(set.configName()).append(": missing in ").append(dir).append(": ");
            for (int i = 0; i < needed.size(); i++) {
                DownloadSource s = needed.get(i);
                b.append(i == 0 ? "" : ", ").append(s.fileName()).append(" (").append(s.url()).append(')');
            }
            b.append("; put ").append(needed.size() == 1 ? "it" : "them").append(" into ").append(dir)
                    .append(" yourself or enable downloading (--download)");
            throw new DownloadException(b.toString());
        }
        List<Path> fetched = new ArrayList<>();
        for (DownloadSource s : needed) {
            fetched.add(fetch(s, dir));
        }
        set.unpack(dir);
        return new EnsureResult(root, fetched);
    }

    /**
     * Fetch one file into {@code dir} (created if needed), verify its MD5 and move it to
     * {@code dir/source.fileName()}, replacing any file of that name.
     *
     * @return the verified file
     * @throws DownloadException one line naming the URL, the file and the folder (offline, HTTP error, timeout,
     *                           or checksum mismatch with expected and actual MD5)
     */
    public Path fetch(DownloadSource source, Path dir) throws IOException {
        URI uri = rewriter.apply(source.url());
        Path target = dir.resolve(source.fileName());
        String putYourself = "; put " + source.fileName() + " into " + dir + " yourself";
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new DownloadException("cannot create " + dir + " for " + source.fileName() + " (" + oneLine(e) + ")", e);
        }
        Path tmp = Files.createTempFile(dir, "." + source.fileName() + ".", ".part");
        boolean done = false;
        try {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(responseTimeout).GET().build();
            HttpResponse.BodyHandler<Path> handler = info -> info.statusCode() == 200
                    ? HttpResponse.BodySubscribers.ofFile(tmp) : HttpResponse.BodySubscribers.replacing(null);
            CompletableFuture<HttpResponse<Path>> pending;
            try {
                pending = client.sendAsync(request, handler);
            } catch (IllegalArgumentException e) {
                throw new DownloadException("cannot download " + uri + " (" + oneLine(e) + ")" + putYourself, e);
            }
            HttpResponse<Path> response;
            try {
                response = pending.get(totalTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                pending.cancel(true);
                throw new DownloadException("cannot download " + uri + " (not complete within "
                        + seconds(totalTimeout) + ")" + putYourself, e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                throw new DownloadException("cannot download " + uri + " (" + reason(cause, uri) + ")" + putYourself, cause);
            } catch (InterruptedException e) {
                pending.cancel(true);
                Thread.currentThread().interrupt();
                InterruptedIOException ie = new InterruptedIOException("download of " + uri + " interrupted");
                ie.initCause(e);
                throw ie;
            }
            if (response.statusCode() != 200) {
                throw new DownloadException("cannot download " + uri + " (HTTP " + response.statusCode() + ")"
                        + putYourself);
            }
            long size = Files.size(tmp);
            String actual = FileChecksum.md5(tmp);
            if (!actual.equals(source.md5())) {
                throw new DownloadException(uri + ": checksum mismatch for " + source.fileName() + ": expected MD5 "
                        + source.md5() + ", got " + actual + " (" + size + " bytes"
                        + (source.sizeKnown() ? ", expected " + source.sizeBytes() : "") + "); download discarded"
                        + putYourself);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
            return target;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** A short reason for a failed exchange: unknown host, connection refused, timeout, TLS, ... */
    private String reason(Throwable t, URI uri) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable c = t; c != null && !chain.contains(c); c = c.getCause()) {
            chain.add(c);
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

    private static String oneLine(Throwable t) {
        String m = t.getMessage();
        String s = t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
        return s.replaceAll("\\s+", " ").trim();
    }

    private static String seconds(Duration d) {
        return d.toSeconds() + " s";
    }

    private static HttpClient defaultClient(Duration connectTimeout) {
        HttpClient.Builder b = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL);
        ProxySelector proxy = ProxySelector.getDefault();
        if (proxy != null) {
            b.proxy(proxy);
        }
        return b.build();
    }

    /** Options of a {@link DataDownloader}. */
    public static final class Builder {
        private HttpClient client;
        private UnaryOperator<URI> rewriter = UnaryOperator.identity();
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration responseTimeout = DEFAULT_RESPONSE_TIMEOUT;
        private Duration totalTimeout = DEFAULT_TOTAL_TIMEOUT;
        private BiFunction<PublisherFiles, DataSplit, List<DownloadSource>> catalog = PublisherFiles::sources;

        private Builder() {
        }

        /** Use this client instead of a new one (its own connect timeout, redirects and proxy then apply). */
        public Builder httpClient(HttpClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /** Rewrite each catalog URL before fetching (e.g. to a local mirror). */
        public Builder uriRewriter(UnaryOperator<URI> rewriter) {
            this.rewriter = Objects.requireNonNull(rewriter, "rewriter");
            return this;
        }

        /**
         * Fetch every file from {@code base} + its file name instead of the publisher
         * (e.g. {@code http://127.0.0.1:8000/files/} serves {@code .../files/cifar-10-binary.tar.gz}).
         */
        public Builder mirror(URI base) {
            Objects.requireNonNull(base, "base");
            URI dir = base.toString().endsWith("/") ? base : URI.create(base + "/");
            if (!dir.isAbsolute()) {
                throw new IllegalArgumentException("mirror " + base + ": not an absolute URL");
            }
            return uriRewriter(u -> dir.resolve(lastSegment(u)));
        }

        /** Time allowed to open a connection (ignored with {@link #httpClient}); default 10 s. */
        public Builder connectTimeout(Duration d) {
            this.connectTimeout = positive(d, "connect timeout");
            return this;
        }

        /** Time allowed until the response headers arrive; default 30 s. */
        public Builder responseTimeout(Duration d) {
            this.responseTimeout = positive(d, "response timeout");
            return this;
        }

        /** Time allowed for one whole file, body included; default 60 min. */
        public Builder totalTimeout(Duration d) {
            this.totalTimeout = positive(d, "total timeout");
            return this;
        }

        /** Replace the catalog (data set and split to its files); default {@link PublisherFiles#sources}. */
        public Builder catalog(BiFunction<PublisherFiles, DataSplit, List<DownloadSource>> catalog) {
            this.catalog = Objects.requireNonNull(catalog, "catalog");
            return this;
        }

        public DataDownloader build() {
            return new DataDownloader(this);
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + d);
            }
            return d;
        }

        private static String lastSegment(URI u) {
            String p = u.getRawPath();
            return p == null ? "" : p.substring(p.lastIndexOf('/') + 1);
        }
    }
}
