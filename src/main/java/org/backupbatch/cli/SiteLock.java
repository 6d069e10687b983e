package org.backupbatch.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.backupbatch.archive.PrivateFiles;
import org.backupbatch.config.Names;

/**
 * One run per site at a time: an OS file lock on {@code <home>/.backup-batch/locks/<site>.lock},
 * released by the OS when the process dies (even by SIGKILL), holding the owner's pid and host
 * for people who look.
 */
final class SiteLock implements RunLock {

    /** The suffix of a site's drill lock, {@code <site>.drill}. */
    static final String DRILL = ".drill";

    private final FileChannel channel;
    private final FileLock lock;

    private SiteLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** @return the lock, or null when another process holds it */
    static SiteLock tryAcquire(Path home, String site) throws IOException {
        String name = site.endsWith(DRILL) ? site.substring(0, site.length() - DRILL.length()) : site;
        if (!Names.isValid(name)) {
            throw new IllegalArgumentException("not a site name: " + site); // CommandLine checks it first
        }
        Path file = home.resolve(".backup-batch").resolve("locks").resolve(site + ".lock");
        PrivateFiles.folder(file.getParent());
        FileChannel channel = PrivateFiles.channel(file, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            channel.close();
            return null;
        }
        channel.truncate(0);
        String owner = "pid=" + ProcessHandle.current().pid() + " host=" + hostName() + "\n";
        channel.write(java.nio.ByteBuffer.wrap(owner.getBytes(StandardCharsets.UTF_8)));
        return new SiteLock(channel, lock);
    }

    static String owner(Path home, String site) {
        try {
            return Files.readString(home.resolve(".backup-batch/locks/" + site + ".lock")).strip();
        } catch (IOException e) {
            return "unknown owner";
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
