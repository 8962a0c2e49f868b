package clel.data.download;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback-only HTTP server serving fixture bytes under /files/NAME (404 otherwise), counting requests; an
 * endless file is a body of zeros without Content-Length, sent at about 6 MB/s until the client goes away.
 */
final class FixtureServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Set<String> endless = ConcurrentHashMap.newKeySet();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile long delayMillis;

    FixtureServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/files/", exchange -> {
            requests.incrementAndGet();
            try {
                if (delayMillis > 0) {
                    Thread.sleep(delayMillis);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String name = exchange.getRequestURI().getPath().substring("/files/".length());
            byte[] body = files.get(name);
            if (endless.contains(name)) {
                sendEndless(exchange);
            } else if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.setExecutor(executor);
        server.start();
    }

    void put(String name, byte[] body) {
        files.put(name, body);
    }

    /** Serve {@code name} as an endless body. */
    void putEndless(String name) {
        endless.add(name);
    }

    /** Serve {@code name} as its fixture bytes again. */
    void stopEndless(String name) {
        endless.remove(name);
    }

    private static void sendEndless(HttpExchange exchange) {
        byte[] chunk = new byte[1 << 16];
        try (OutputStream out = exchange.getResponseBody()) {
            exchange.sendResponseHeaders(200, 0);
            while (!Thread.currentThread().isInterrupted()) {
                out.write(chunk);
                out.flush();
                Thread.sleep(10);
            }
        } catch (IOException e) {
            // the client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void delay(long millis) {
        delayMillis = millis;
    }

    int requests() {
        return requests.get();
    }

    /** Base URL of the served files, e.g. http://127.0.0.1:PORT/files/. */
    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/files/");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
