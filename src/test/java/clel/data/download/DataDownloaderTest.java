package clel.data.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clel.data.DataSplit;
import clel.data.ImageSet;
import clel.data.format.CropMode;
import clel.data.format.IdxLayout;
import clel.data.format.ImageFolderReader;
import clel.data.sets.CelebA;
import clel.data.sets.Cifar10;
import clel.data.sets.Cifar100;
import clel.data.sets.Cifar10InterpolationSet;
import clel.data.sets.FashionMnist;
import clel.data.sets.Mnist;
import clel.data.sets.Svhn;
import clel.data.sets.Textures;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDownloaderTest {
    @TempDir
    Path tmp;

    private FixtureServer server;

    @BeforeEach
    void start() throws IOException {
        server = new FixtureServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private DataDownloader toServer() {
        return DataDownloader.builder().mirror(server.base()).build();
    }

    @Test
    void fetchWritesVerifiedFile() throws Exception {
        byte[] body = randomBytes(300_000, 1);
        server.put("blob.bin", body);
        DownloadSource src = new DownloadSource("blob.bin", "https://publisher.invalid/data/blob.bin", md5Hex(body));
        Path dir = tmp.resolve("new/sub");

        Path got = toServer().fetch(src, dir);

        assertEquals(dir.resolve("blob.bin"), got);
        assertArrayEquals(body, Files.readAllBytes(got));
        assertEquals(List.of("blob.bin"), listing(dir));
        assertEquals(1, server.requests());
    }

    @Test
    void checksumMismatchLeavesNothing() throws Exception {
        byte[] body = randomBytes(5000, 2);
        byte[] other = randomBytes(5000, 3);
        server.put("blob.bin", body);
        String expected = md5Hex(other);
        DownloadSource src = new DownloadSource("blob.bin", "https://publisher.invalid/blob.bin", expected, 5000);

        DownloadException e = assertThrows(DownloadException.class, () -> toServer().fetch(src, tmp));

        String m = e.getMessage();
        assertTrue(m.contains("blob.bin"), m);
        assertTrue(m.contains("expected MD5 " + expected), m);
        assertTrue(m.contains("got " + md5Hex(body)), m);
        assertTrue(m.contains("5000 bytes"), m);
        assertFalse(m.contains("\n"), m);
        assertEquals(List.of(), listing(tmp));
    }

    @Test
    void notFoundNamesUrlAndFolder() throws Exception {
        DownloadSource src = new DownloadSource("missing.bin", "https://publisher.invalid/missing.bin",
                "0123456789abcdef0123456789abcdef");

        DownloadException e = assertThrows(DownloadException.class, () -> toServer().fetch(src, tmp));

        assertEquals("cannot download " + server.base() + "missing.bin (HTTP 404); put missing.bin into " + tmp
                + " yourself", e.getMessage());
        assertEquals(List.of(), listing(tmp));
    }

    @Test
    void connectionRefusedFailsFastWithOneLine() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        DataDownloader d = DataDownloader.builder()
                .mirror(URI.create("http://127.0.0.1:" + port + "/files/")).build();
        Path root = tmp.resolve("fmnist");

        long t0 = System.nanoTime();
        DownloadException e = assertThrows(DownloadException.class,
                () -> d.ensure(new FashionMnist(), root, DataSplit.TEST, true));
        double seconds = (System.nanoTime() - t0) / 1e9;

        String m = e.getMessage();
        assertTrue(seconds < 15, "took " + seconds + " s");
        assertTrue(m.startsWith("cannot download http://127.0.0.1:" + port + "/files/t10k-images-idx3-ubyte.gz "
                + "(connection refused or host unreachable, offline?)"), m);
        assertTrue(m.endsWith("); put t10k-images-idx3-ubyte.gz into " + root + " yourself"), m);
        assertFalse(m.contains("\n"), m);
        assertEquals(List.of(), listing(root));
    }

    @Test
    void slowServerHitsResponseTimeout() throws Exception {
        server.delay(5000);
        server.put("slow.bin", new byte[] {1});
        DataDownloader d = DataDownloader.builder().mirror(server.base()).responseTimeout(Duration.ofSeconds(1)).build();
        DownloadSource src = new DownloadSource("slow.bin", "https://publisher.invalid/slow.bin", md5Hex(new byte[] {1}));

        long t0 = System.nanoTime();
        DownloadException e = assertThrows(DownloadException.class, () -> d.fetch(src, tmp));
        double seconds = (System.nanoTime() - t0) / 1e9;

        assertTrue(seconds < 4.5, "took " + seconds + " s");
        assertTrue(e.getMessage().contains("(no response within 1 s)"), e.getMessage());
        assertEquals(List.of(), listing(tmp));
    }

    @Test
    void presentFilesMakeNoRequest() throws Exception {
        DataDownloader d = toServer();
        Path cifar = Files.createDirectories(tmp.resolve("cifar"));
        Files.write(cifar.resolve("cifar-10-binary.tar.gz"), new byte[] {1, 2, 3});
        Path extracted = Files.createDirectories(tmp.resolve("c100/cifar-100-binary"));
        Path mnist = Files.createDirectories(tmp.resolve("mnist/MNIST/raw"));
        for (String f : List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images.idx3-ubyte",
                "t10k-labels-idx1-ubyte.gz")) {
            Files.write(mnist.resolve(f), new byte[] {0});
        }
        Path svhn = Files.createDirectories(tmp.resolve("svhn"));
        Files.write(svhn.resolve("test_32x32.mat"), new byte[] {0});
        Path dtd = Files.createDirectories(tmp.resolve("dtd/banded"));
        Path celeba = Files.createDirectories(tmp.resolve("celeba"));

        assertEquals(new EnsureResult(cifar, List.of()), d.ensure(new Cifar10(), cifar, true));
        assertEquals(List.of(), d.ensure(new Cifar10InterpolationSet(), cifar.resolve("cifar-10-binary.tar.gz"), true)
                .downloaded());
        assertEquals(List.of(), d.ensure(new Cifar100(), extracted.getParent(), true).downloaded());
        assertEquals(List.of(), d.ensure(new Mnist(), tmp.resolve("mnist"), true).downloaded());
        assertEquals(List.of(), d.ensure(new Svhn(), svhn, DataSplit.TEST, false).downloaded());
        assertEquals(List.of(), d.ensure(new Textures(), dtd.getParent(), true).downloaded());
        assertEquals(List.of(), d.ensure(new CelebA(), celeba, true).downloaded());
        assertEquals(0, server.requests());
    }

    @Test
    void missingWithoutDownloadNamesFilesRootAndUrls() throws Exception {
        Path root = tmp.resolve("mnist");
        Files.createDirectories(root);
        Files.write(root.resolve("train-labels-idx1-ubyte.gz"), new byte[] {0});

        DownloadException e = assertThrows(DownloadException.class,
                () -> toServer().ensure(new Mnist(), root, false));

        String base = "https://ossci-datasets.s3.amazonaws.com/mnist/";
        assertEquals("mnist: missing in " + root + ": train-images-idx3-ubyte.gz (" + base
                + "train-images-idx3-ubyte.gz), t10k-images-idx3-ubyte.gz (" + base + "t10k-images-idx3-ubyte.gz), "
                + "t10k-labels-idx1-ubyte.gz (" + base + "t10k-labels-idx1-ubyte.gz); put them into " + root
                + " yourself or enable downloading (--download)", e.getMessage());
        assertEquals(0, server.requests());

        Path svhn = tmp.resolve("svhn-none");
        DownloadException s = assertThrows(DownloadException.class,
                () -> toServer().ensure(new Svhn(), svhn, DataSplit.TEST, false));
        assertEquals("svhn: missing in " + svhn + ": test_32x32.mat (https://ufldl.stanford.edu/housenumbers/"
                + "test_32x32.mat); put it into " + svhn + " yourself or enable downloading (--download)", s.getMessage());
        assertFalse(Files.exists(svhn));
    }

    @Test
    void noCanonicalDownloadForCelebA() {
        Path root = tmp.resolve("celeba");
        DownloadException e = assertThrows(DownloadException.class,
                () -> toServer().ensure(new CelebA(), root, true));
        assertEquals("celeba: " + root + " not found, and there is no canonical download for celeba (its files are "
                + "on Google Drive); put the files into " + root + " yourself", e.getMessage());
    }

    @Test
    void wrongBytesForRealCatalogAreRejected() throws Exception {
        server.put("cifar-10-binary.tar.gz", "not the CIFAR archive".getBytes(StandardCharsets.US_ASCII));
        Path root = tmp.resolve("cifar");

        DownloadException e = assertThrows(DownloadException.class,
                () -> toServer().ensure(new Cifar10(), root, true));

        String m = e.getMessage();
        assertTrue(m.contains("expected MD5 c32a1d4ab5d03f1284b67883e8d87530"), m);
        assertTrue(m.contains("21 bytes, expected 170052171"), m);
        assertEquals(List.of(), listing(root));
        assertEquals(1, server.requests());
    }

    @Test
    void downloadsMissingIdxFilesThatTheReaderThenReads() throws Exception {
        byte[] pixels = new byte[2 * 28 * 28];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 10);
        }
        byte[] images = gzip(idx(2051, new int[] {2, 28, 28}, pixels));
        byte[] labels = gzip(idx(2049, new int[] {2}, new byte[] {7, 3}));
        server.put("t10k-images-idx3-ubyte.gz", images);
        server.put("t10k-labels-idx1-ubyte.gz", labels);
        List<DownloadSource> fixture = List.of(
                new DownloadSource("t10k-images-idx3-ubyte.gz", "https://p.invalid/t10k-images-idx3-ubyte.gz", md5Hex(images)),
                new DownloadSource("t10k-labels-idx1-ubyte.gz", "https://p.invalid/t10k-labels-idx1-ubyte.gz", md5Hex(labels)));
        DataDownloader d = DataDownloader.builder().mirror(server.base())
                .catalog((n, s) -> s == DataSplit.TEST ? fixture : List.of()).build();
        Path root = tmp.resolve("fresh/mnist");

        EnsureResult r = d.ensure(new Mnist(), root, DataSplit.TEST, true);

        assertEquals(root, r.root());
        assertEquals(List.of(root.resolve("t10k-images-idx3-ubyte.gz"), root.resolve("t10k-labels-idx1-ubyte.gz")),
                r.downloaded());
        ImageSet set = new Mnist().read(root, DataSplit.TEST, IdxLayout.NATIVE_GRAY);
        assertEquals(2, set.count());
        assertArrayEquals(new int[] {7, 3}, set.labels());
        assertArrayEquals(pixels, set.pixels());
        assertEquals(2, server.requests());

        assertEquals(List.of(), d.ensure(new Mnist(), root, DataSplit.TEST, true).downloaded());
        assertEquals(2, server.requests());
    }

    @Test
    void texturesTarballIsUnpackedForTheFolderReader() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            addEntry(tar, "dtd/images/banded/banded_0001.png", png(40, 36, 0x102030));
            addEntry(tar, "dtd/images/zigzagged/zigzagged_0001.png", png(36, 40, 0xa0b0c0));
            addEntry(tar, "dtd/labels/train1.txt", "banded/banded_0001.png\n".getBytes(StandardCharsets.US_ASCII));
            addEntry(tar, "dtd/images/../../evil.png", new byte[] {1});
        }
        byte[] archive = bytes.toByteArray();
        server.put(Textures.ARCHIVE, archive);
        DownloadSource src = new DownloadSource(Textures.ARCHIVE, "https://p.invalid/dtd-r1.0.1.tar.gz",
                md5Hex(archive));
        DataDownloader d = DataDownloader.builder().mirror(server.base()).catalog((n, s) -> List.of(src)).build();
        Path root = tmp.resolve("textures");

        EnsureResult r = d.ensure(new Textures(), root, true);

        assertEquals(List.of(root.resolve(Textures.ARCHIVE)), r.downloaded());
        assertEquals(List.of("dtd", Textures.ARCHIVE, "dtd/images", "dtd/images/banded",
                "dtd/images/banded/banded_0001.png", "dtd/images/zigzagged", "dtd/images/zigzagged/zigzagged_0001.png"),
                tree(root));
        assertFalse(Files.exists(tmp.resolve("evil.png")));
        ImageSet set = ImageFolderReader.builder(root).size(32, 32).cropMode(CropMode.CENTER_CROP).threads(1)
                .build().read().images();
        assertEquals(List.of("banded", "zigzagged"), set.classNames());
        assertEquals(0x10, set.pixel(0, 0, 5, 5));
        assertEquals(0xc0, set.pixel(1, 2, 5, 5));
    }

    // ---- fixtures -------------------------------------------------------------------------------------------

    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String md5Hex(byte[] data) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (byte x : MessageDigest.getInstance("MD5").digest(data)) {
            sb.append(String.format("%02x", x & 0xff));
        }
        return sb.toString();
    }

    private static byte[] idx(int magic, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(data);
        return b.array();
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] png(int w, int h, int rgb) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private static void addEntry(TarArchiveOutputStream tar, String name, byte[] data) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(data.length);
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    private static List<String> listing(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private static List<String> tree(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(p -> !p.equals(dir)).forEach(p -> out.add(dir.relativize(p).toString().replace('\\', '/')));
        }
        out.sort(null);
        return out;
    }
}
