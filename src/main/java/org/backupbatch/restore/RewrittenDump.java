package org.backupbatch.restore;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.backupbatch.sql.DumpRewriter;

/**
 * The backup's dump rewritten as it is loaded: a thread gunzips the dump member, rewrites it
 * ({@link DumpRewriter}: DEFINERs, URLs) and gzips it at level 1 into a pipe that the load sends
 * to {@code gzip -dc | mysql} on the target. Nothing waits in the work folder: the rewrite runs
 * beside the load instead of before it (on a 1 GB dump, inflating, rewriting and deflating it
 * first cost as long as the load). The gzip framing on the wire keeps what a cut stream means: the
 * target's {@code gzip -dc} fails on a stream that ends early, so a rewrite that fails half way
 * fails the load instead of loading half a dump. Memory: the pipe's buffer and gzip's.
 */
final class RewrittenDump implements Closeable {

    private static final int PIPE = 1 << 20;
    private static final int BUFFER = 1 << 16;

    private final PipedInputStream gzipped;
    private final FutureTask<DumpRewriter.Result> task;
    private volatile boolean readerClosed;
    /** Whether the rewrite failed while the load still read it (its failure is then the cause). */
    private volatile boolean failedFirst;

    private RewrittenDump(PipedInputStream gzipped, FutureTask<DumpRewriter.Result> task) {
        this.gzipped = gzipped;
        this.task = task;
    }

    /**
     * Starts rewriting.
     *
     * @param member the dump's gzip member as stored in the archive; closed when the rewrite ends
     */
    static RewrittenDump start(InputStream member, DumpRewriter rewriter) throws IOException {
        PipedInputStream in = new PipedInputStream(PIPE);
        PipedOutputStream pipe = new PipedOutputStream(in);
        RewrittenDump[] self = new RewrittenDump[1];
        FutureTask<DumpRewriter.Result> task = new FutureTask<>(() -> {
            try (InputStream dump = new GZIPInputStream(member, BUFFER)) {
                GZIPOutputStream out = fastGzip(pipe);
                DumpRewriter.Result result = rewriter.rewrite(dump, out);
                out.close(); // the gzip trailer: only a whole rewrite gets one
                return result;
            } catch (IOException | RuntimeException e) {
                self[0].failedFirst = !self[0].readerClosed;
                throw e;
            } finally {
                // always: the SSH channel reads until the end; a failed rewrite leaves the stream cut
                pipe.close();
            }
        });
        self[0] = new RewrittenDump(in, task);
        Thread thread = new Thread(task, "rewrite-dump");
        thread.setDaemon(true);
        thread.start();
        return self[0];
    }

    /** The rewritten dump, gzipped: what the load reads. */
    InputStream gzipped() {
        return gzipped;
    }

    /**
     * Waits for the rewrite once the load has ended.
     *
     * @param loadFailure how the load failed, or null: reported first unless the rewrite failed
     *                    on its own before (then the load's failure is its consequence)
     */
    DumpRewriter.Result finish(IOException loadFailure) throws IOException {
        close();
        DumpRewriter.Result result;
        try {
            result = task.get();
        } catch (ExecutionException e) {
            Throwable rewrite = e.getCause();
            if (loadFailure != null && !failedFirst) {
                // the load ended first (mysql refused something): the rewrite only lost its reader
                loadFailure.addSuppressed(rewrite);
                throw loadFailure;
            }
            if (loadFailure != null) {
                rewrite.addSuppressed(loadFailure);
            }
            if (rewrite instanceof IOException io) {
                throw io;
            }
            if (rewrite instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(rewrite);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while rewriting the dump");
        }
        if (loadFailure != null) {
            throw loadFailure;
        }
        return result;
    }

    /** Ends the rewrite early when the load is over (its writes then fail: nothing reads them). */
    @Override
    public void close() throws IOException {
        if (!readerClosed) {
            readerClosed = true;
            gzipped.close();
        }
    }

    /**
     * Gzip at level 1: the bytes only cross to the target, where they are gunzipped at once; at
     * level 6 deflating cost three times the load itself on a 220 MB dump.
     */
    private static GZIPOutputStream fastGzip(OutputStream out) throws IOException {
        return new GZIPOutputStream(out, BUFFER) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        };
    }
}
