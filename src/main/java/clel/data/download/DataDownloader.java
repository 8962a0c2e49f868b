package clel.data.download;

import clel.data.format.DataFormatException;
import clel.data.format.DataSetName;
import clel.data.format.DataSplit;
import clel.data.format.IdxReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
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
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
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
import java.util.stream.Stream;
import javax.net.ssl.SSLException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Makes sure a benchmark's publisher files are under its data root before a reader opens them, fetching the
 * missing ones from their canonical URL ({@link DownloadCatalog}) when allowed.
 *
 * <p>"Present" means what the readers look for:
 * <ul>
 *   <li>CIFAR-10 (and its interpolation set) / CIFAR-100: the root is the archive itself, or holds the archive,
 *       the extracted {@code cifar-10-batches-bin} / {@code cifar-100-binary} folder, or the split's batch files;
 *       otherwise the archive is fetched.</li>
 *   <li>SVHN: the root is a .mat file, or holds {@code train_32x32.mat} / {@code test_32x32.mat} of the split(s).</li>
 *   <li>MNIST / Fashion-MNIST: the split's image and label IDX files, plain or gzipped, as
 *       {@link IdxReader#findFile} finds them; the missing ones are fetched gzipped into the root.</li>
 *   <li>DTD textures: the root is a .zip or a folder holding sub-folders; otherwise {@code dtd-r1.0.1.tar.gz} is
 *       fetched (or taken if already in the root) and its {@code images/} tree unpacked to
 *       {@code ROOT/dtd/images/CLASS/...}, which the ImageFolder reader looks through.</li>
 *   <li>CelebA, ImageNet 32x32, folders: no canonical download; the root must exist.</li>
 * </ul>
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
    private final BiFunction<DataSetName, DataSplit, List<DownloadSource>> catalog;

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
     * Make sure the files of all splits of {@code name} are under {@code root}.
     *
     * @see #ensure(DataSetName, Path, DataSplit, boolean)
     */
    public EnsureResult ensure(DataSetName name, Path root, boolean download) throws IOException {
        return ensure(name, root, null, download);
    }

    /**
     * Make sure the files a reader needs for {@code split} of {@code name} are under {@code root}: return at once
     * when they are present; otherwise, with {@code download}, fetch and verify each missing file (creating
     * {@code root} if needed), else fail naming the files, the folder and the URLs.
     *
     * @param split the split to be read, or null for both
     * @return the root to read from and the files fetched
     * @throws DownloadException one line: what is missing and where to put it, or why a download failed
     */
    public EnsureResult ensure(DataSetName name, Path root, DataSplit split, boolean download) throws IOException {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(root, "root");
        List<DataSplit> splits = split == null ? List.of(DataSplit.TRAIN, DataSplit.TEST) : List.of(split);
        Map<String, DownloadSource> known = new LinkedHashMap<>();
        for (DataSplit s : splits) {
            for (DownloadSource src : catalog.apply(name, s)) {
                known.putIfAbsent(src.fileName(), src);
            }
        }
        Path dir = root;
        List<String> missing;
        if (!Files.exists(root) && root.getParent() != null && known.containsKey(root.getFileName().toString())
                && (name == DataSetName.CIFAR10 || name == DataSetName.CIFAR10_INTERP
                    || name == DataSetName.CIFAR100 || name == DataSetName.SVHN)) {
            // data.root names the publisher's file itself (e.g. /data/cifar-10-binary.tar.gz)
            dir = root.getParent();
            missing = List.of(root.getFileName().toString());
        } else {
            missing = missing(name, root, splits);
        }
        if (missing.isEmpty()) {
            return new EnsureResult(root, List.of());
        }
        if (known.isEmpty()) {
            throw new DownloadException(name.configName() + ": " + root + " not found, and there is no canonical "
                    + "download for " + name.configName() + noDownloadWhy(name) + "; put the files into " + root
                    + " yourself");
        }
        for (String f : missing) {
            if (!known.containsKey(f)) {
                throw new DownloadException(name.configName() + ": " + f + " missing in " + dir
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
            StringBuilder b = new StringBuilder(name.configName()).append(": missing in ").append(dir).append(": ");
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
        if (name == DataSetName.TEXTURES) {
            unpackDtdImages(dir.resolve(DownloadCatalog.DTD_ARCHIVE), dir);
        }
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
            String actual = md5(tmp);
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

    /** Lower-case hex MD5 of a file. */
    static String md5(Path file) throws IOException {
        MessageDigest d;
        try {
            d = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 not available in this JVM", e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }

    /** Catalog file names the reader of {@code name} would miss under {@code root}; empty when present. */
    private static List<String> missing(DataSetName name, Path root, List<DataSplit> splits) throws IOException {
        switch (name) {
            case CIFAR10, CIFAR10_INTERP:
                return cifarPresent(root, "cifar-10-batches-bin", DownloadCatalog.CIFAR10_ARCHIVE, splits,
                        "data_batch_1.bin", "test_batch.bin") ? List.of() : List.of(DownloadCatalog.CIFAR10_ARCHIVE);
            case CIFAR100:
                return cifarPresent(root, "cifar-100-binary", DownloadCatalog.CIFAR100_ARCHIVE, splits,
                        "train.bin", "test.bin") ? List.of() : List.of(DownloadCatalog.CIFAR100_ARCHIVE);
            case SVHN: {
                if (Files.isRegularFile(root)) {
                    return List.of();
                }
                List<String> out = new ArrayList<>();
                for (DataSplit s : splits) {
                    String f = s.folderName() + "_32x32.mat";
                    if (!Files.isRegularFile(root.resolve(f))) {
                        out.add(f);
                    }
                }
                return out;
            }
            case MNIST, FASHION_MNIST: {
                List<String> out = new ArrayList<>();
                for (DataSplit s : splits) {
                    idxMissing(root, s, "images", 3, out);
                    idxMissing(root, s, "labels", 1, out);
                }
                return out;
            }
            case TEXTURES:
                return Files.isRegularFile(root) || hasSubfolder(root) ? List.of()
                        : List.of(DownloadCatalog.DTD_ARCHIVE);
            default:
                return Files.exists(root) ? List.of() : List.of(root.getFileName() == null ? root.toString()
                        : root.getFileName().toString());
        }
    }

    private static boolean cifarPresent(Path root, String folder, String archive, List<DataSplit> splits,
                                        String trainFile, String testFile) {
        if (Files.isRegularFile(root)) {
            return true;
        }
        if (Files.isDirectory(root.resolve(folder)) || Files.isRegularFile(root.resolve(archive))) {
            return true;
        }
        for (DataSplit s : splits) {
            if (!Files.isRegularFile(root.resolve(s == DataSplit.TRAIN ? trainFile : testFile))) {
                return false;
            }
        }
        return Files.isDirectory(root);
    }

    private static void idxMissing(Path root, DataSplit split, String kind, int dims, List<String> out)
            throws IOException {
        try {
            IdxReader.findFile(root, split, kind, dims);
        } catch (NoSuchFileException e) {
            out.add((split == DataSplit.TRAIN ? "train" : "t10k") + "-" + kind + "-idx" + dims + "-ubyte.gz");
        }
    }

    private static boolean hasSubfolder(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return false;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path p : ds) {
                if (Files.isDirectory(p) && !p.getFileName().toString().startsWith(".")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Unpack the {@code images/} tree of the DTD tarball to {@code root/dtd/images/} (via a hidden staging folder,
     * so an interrupted unpack leaves no half set behind). Entries outside {@code images/} are skipped.
     */
    static int unpackDtdImages(Path archive, Path root) throws IOException {
        Path staging = Files.createTempDirectory(root, ".dtd-unpack-");
        Path images = staging.resolve("dtd").resolve("images");
        int count = 0;
        try {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
                 GzipCompressorInputStream gz = new GzipCompressorInputStream(in);
                 TarArchiveInputStream tar = new TarArchiveInputStream(gz)) {
                TarArchiveEntry e;
                while ((e = tar.getNextEntry()) != null) {
                    if (!e.isFile()) {
                        continue;
                    }
                    String rel = underImages(e.getName());
                    if (rel == null) {
                        continue;
                    }
                    Path out = images.resolve(rel).normalize();
                    if (!out.startsWith(images) || out.equals(images)) {
                        throw new DataFormatException(archive + "!" + e.getName() + ": entry path leaves images/");
                    }
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out);
                    count++;
                }
            } catch (DataFormatException e) {
                throw e;
            } catch (IOException e) {
                throw new DataFormatException(archive + ": truncated or corrupt .tar.gz (" + oneLine(e) + ")", e);
            }
            if (count == 0) {
                throw new DataFormatException(archive + ": no files under images/ (not the DTD release?)");
            }
            Files.move(staging.resolve("dtd"), root.resolve("dtd"));
            return count;
        } finally {
            deleteTree(staging);
        }
    }

    /** The part of a tar entry name after its first "images" folder, or null (also for ".." components). */
    private static String underImages(String entryName) {
        String[] parts = entryName.replace('\\', '/').split("/");
        for (String p : parts) {
            if (p.equals("..")) {
                return null;
            }
        }
        for (int i = 0; i < parts.length - 1; i++) {
            if (parts[i].equals("images")) {
                StringBuilder b = new StringBuilder();
                for (int j = i + 1; j < parts.length; j++) {
                    if (parts[j].isEmpty() || parts[j].equals(".")) {
                        continue;
                    }
                    b.append(b.length() == 0 ? "" : "/").append(parts[j]);
                }
                return b.length() == 0 ? null : b.toString();
            }
        }
        return null;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String noDownloadWhy(DataSetName name) {
        return switch (name) {
            case CELEBA -> " (its files are on Google Drive)";
            case IMAGENET32 -> " (it needs an image-net.org account)";
            default -> "";
        };
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
        private BiFunction<DataSetName, DataSplit, List<DownloadSource>> catalog = DownloadCatalog::sources;

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

        /** Replace the catalog (data set and split to its files); default {@link DownloadCatalog#sources}. */
        public Builder catalog(BiFunction<DataSetName, DataSplit, List<DownloadSource>> catalog) {
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
