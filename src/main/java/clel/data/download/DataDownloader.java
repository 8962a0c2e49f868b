package clel.data.download;

import clel.data.DataSplit;
import clel.io.AtomicFileWriter;
import clel.io.FileChecksum;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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

/**
 * Makes sure a benchmark's publisher files are under its data root before a reader opens them, fetching the
 * missing ones from their canonical URL ({@link PublisherFiles#sources}) when allowed. What "present" means and
 * what happens after fetching (e.g. unpacking) is each data set's own {@link PublisherFiles}.
 *
 * <p>Downloads go to a hidden temporary file in the target folder ({@code .clel-download.NAME.<digits>.part}, locked
 * while it is written), are checked against the catalog's MD5 and only then moved (atomically where the file
 * system allows) to their name; a failed or mismatching download leaves nothing behind, and the temporary files a
 * killed download left are deleted by the next download of the same file (only those: the name and an unlocked
 * file tell clel's own apart). A body larger than the catalog's size of the file (or, where the catalog has none,
 * than {@link Builder#maxUnknownSize}) is cut off as soon as it exceeds it. Nothing is printed:
 * {@link EnsureResult#downloaded()} lists what was fetched. Offline
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
    /** Default most bytes fetched for a file whose size the catalog does not give (the largest, DTD, is 625 MB). */
    public static final long DEFAULT_MAX_UNKNOWN_SIZE = 4L << 30;

    private final HttpClient client;
    private final UnaryOperator<URI> rewriter;
    private final Duration responseTimeout;
    private final Duration totalTimeout;
    private final long maxUnknownSize;
    private final BiFunction<PublisherFiles, DataSplit, List<DownloadSource>> catalog;

    private DataDownloader(Builder b) {
        this.client = b.client != null ? b.client : defaultClient(b.connectTimeout);
        this.rewriter = b.rewriter;
        this.responseTimeout = b.responseTimeout;
        this.totalTimeout = b.totalTimeout;
        this.maxUnknownSize = b.maxUnknownSize;
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
            throw new DownloadException("cannot create " + dir + " for " + source.fileName() + " (" + FailureReasons.oneLine(e) + ")", e);
        }
        PartFiles.deleteStale(dir, source.fileName());
        Path tmp = PartFiles.create(dir, source.fileName());
        long limit = source.sizeKnown() ? source.sizeBytes() : maxUnknownSize;
        String limitReason = source.sizeKnown() ? "the size of " + source.fileName() + " in the catalog"
                : "the most fetched for a file of unknown size";
        boolean done = false;
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
             FileLock lock = channel.lock()) {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(responseTimeout).GET().build();
            HttpResponse.BodyHandler<Path> handler = info -> info.statusCode() == 200
                    ? new CappedFileSubscriber(channel, tmp, limit, limitReason,
                            info.headers().firstValueAsLong("content-length").orElse(-1))
                    : HttpResponse.BodySubscribers.replacing(null);
            CompletableFuture<HttpResponse<Path>> pending;
            try {
                pending = client.sendAsync(request, handler);
            } catch (IllegalArgumentException e) {
                throw new DownloadException("cannot download " + uri + " (" + FailureReasons.oneLine(e) + ")" + putYourself, e);
            }
            HttpResponse<Path> response;
            try {
                response = pending.get(totalTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                pending.cancel(true);
                throw new DownloadException("cannot download " + uri + " (not complete within "
                        + FailureReasons.seconds(totalTimeout) + ")" + putYourself, e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                throw new DownloadException("cannot download " + uri + " (" + FailureReasons.of(cause, uri, responseTimeout) + ")"
                        + (FailureReasons.tooLarge(cause) ? "; download discarded" : "") + putYourself, cause);
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
            AtomicFileWriter.moveOver(tmp, target);
            done = true;
            return target;
        } finally {
            try {
                if (!done) {
                    Files.deleteIfExists(tmp);
                }
            } finally {
                PartFiles.done(tmp);
            }
        }
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
        private long maxUnknownSize = DEFAULT_MAX_UNKNOWN_SIZE;
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

        /** The most bytes fetched for a file whose size the catalog does not give; default 4 GiB. */
        public Builder maxUnknownSize(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("the size limit of a download must be positive, got " + bytes);
            }
            this.maxUnknownSize = bytes;
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
