package clel.data.download;

import java.net.URI;
import java.nio.file.Path;

/** Fetches one file from a mirror, for tests that kill a download in progress: {@code BASE DIR NAME MD5}. */
public final class FetchMain {
    private FetchMain() {
    }

    public static void main(String[] args) throws Exception {
        DataDownloader d = DataDownloader.builder().mirror(URI.create(args[0])).build();
        d.fetch(new DownloadSource(args[2], "https://p.invalid/" + args[2], args[3]), Path.of(args[1]));
    }
}
