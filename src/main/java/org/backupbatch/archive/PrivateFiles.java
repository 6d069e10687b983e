package org.backupbatch.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Files only their owner reads (0600, folders 0700), whatever the umask: archives, manifests, work
 * files, logs and the job repository hold a site's data or credentials. The mode is given when the
 * file is created (never created open, then narrowed), so there is no moment at which another user
 * could open it. Every file and folder the tool makes on the backup host goes through here.
 */
public final class PrivateFiles {

    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final List<PosixFilePermission> OTHERS_READ = List.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.OTHERS_READ);

    private PrivateFiles() {
    }

    /** Creates the folder and its missing parents 0700 (existing ones are left as they are). */
    public static Path folder(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return folder;
        }
        folder(folder.toAbsolutePath().getParent());
        try {
            Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(FOLDER));
        } catch (FileAlreadyExistsException e) {
            // made meanwhile
        }
        return folder;
    }

    /**
     * Creates a new file 0600 and opens it for writing (a file of that name is replaced); the
     * caller closes the stream.
     */
    public static OutputStream create(Path file) throws IOException {
        folder(file.toAbsolutePath().getParent());
        Files.deleteIfExists(file);
        return newOutputStream(file);
    }

    /** Writes the file 0600, replacing it whole (never half written). */
    public static Path write(Path file, byte[] content) throws IOException {
        folder(file.toAbsolutePath().getParent());
        Path part = file.resolveSibling(file.getFileName() + ".part");
        Files.deleteIfExists(part);
        try (OutputStream out = newOutputStream(part)) {
            out.write(content);
        }
        return Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Replaces the file whole and durably: the content goes to a new 0600 file beside it, forced to
     * disk, renamed over it, and the folder forced, so that a reader sees the old file or the new
     * one and a power cut leaves one of them, never a half-written file.
     */
    public static void replaceDurably(Path file, byte[] content) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        Path temp = tempFile(folder, "." + file.getFileName() + ".", ".part");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /**
     * Opens the file for writing from its start (created 0600 when missing, emptied when not); a
     * file left by an earlier run with a wider mode is narrowed to 0600 before anything is written.
     */
    public static OutputStream newOutputStream(Path file) throws IOException {
        return Channels.newOutputStream(channel(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING));
    }

    /**
     * Opens a channel on the file, creating it 0600 when missing; an existing file with a wider
     * mode is narrowed to 0600.
     *
     * @param options how to open it, besides {@code CREATE}
     */
    public static FileChannel channel(Path file, OpenOption... options) throws IOException {
        Set<OpenOption> all = new HashSet<>(List.of(options));
        all.add(StandardOpenOption.CREATE);
        FileChannel channel = FileChannel.open(file, all, attribute());
        try {
            if (!Files.getPosixFilePermissions(file).equals(FILE)) {
                Files.setPosixFilePermissions(file, FILE);
            }
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return channel;
    }

    /** Creates the file 0600 when it does not exist (an existing one is left as it is). */
    public static Path touch(Path file) throws IOException {
        folder(file.toAbsolutePath().getParent());
        try {
            Files.createFile(file, attribute());
        } catch (FileAlreadyExistsException e) {
            // there already
        }
        return file;
    }

    /** A new empty file 0600 with a unique name in the folder (made 0700 when missing). */
    public static Path tempFile(Path folder, String prefix, String suffix) throws IOException {
        return Files.createTempFile(folder(folder), prefix, suffix, attribute());
    }

    /** Whether the group or others may read the file or list the folder. */
    public static boolean readableByOthers(Path path) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
        return OTHERS_READ.stream().anyMatch(permissions::contains);
    }

    /** The mode as {@code ls -l} shows it, e.g. {@code rwxr-xr-x}. */
    public static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute() {
        return PosixFilePermissions.asFileAttribute(FILE);
    }
}
