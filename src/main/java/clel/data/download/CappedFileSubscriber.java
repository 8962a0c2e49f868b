package clel.data.download;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Writes a response body to an open file channel and stops, cancelling the transfer, as soon as it would exceed a
 * limit (or when the response declares a larger Content-Length up front): a server cannot fill the disk.
 */
final class CappedFileSubscriber implements HttpResponse.BodySubscriber<Path> {
    /** The body was larger than the limit; the message says by how much and why that is the limit. */
    static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(String message) {
            super(message);
        }
    }

    private final FileChannel channel;
    private final Path file;
    private final long limit;
    private final String limitReason;
    private final long declaredLength;
    private final CompletableFuture<Path> body = new CompletableFuture<>();
    private Flow.Subscription subscription;
    private long written;

    /**
     * @param channel        where the body goes (the caller opens and closes it)
     * @param file           the file of the channel, the body's value once complete
     * @param limit          the most bytes accepted
     * @param limitReason    what the limit is, for the message, e.g. "the size in the catalog"
     * @param declaredLength the response's Content-Length, or -1 when it has none
     */
    CappedFileSubscriber(FileChannel channel, Path file, long limit, String limitReason, long declaredLength) {
        this.channel = channel;
        this.file = file;
        this.limit = limit;
        this.limitReason = limitReason;
        this.declaredLength = declaredLength;
    }

    @Override
    public CompletionStage<Path> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (declaredLength > limit) {
            fail(new TooLargeException("the server announces " + declaredLength + " bytes, more than the " + limit
                    + " bytes allowed (" + limitReason + ")"));
            return;
        }
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (body.isDone()) {
            return;
        }
        try {
            for (ByteBuffer b : items) {
                written += b.remaining();
                if (written > limit) {
                    throw new TooLargeException("the server sent more than the " + limit + " bytes allowed ("
                            + limitReason + ")");
                }
                while (b.hasRemaining()) {
                    channel.write(b);
                }
            }
            subscription.request(1);
        } catch (IOException e) {
            fail(e);
        }
    }

    private void fail(IOException e) {
        subscription.cancel();
        body.completeExceptionally(e);
    }

    @Override
    public void onError(Throwable t) {
        body.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        body.complete(file);
    }
}
