package org.backupbatch.it;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Lines a test adds to the test account's {@code ~/.ssh/authorized_keys}: each carries this
 * instance's marker in its comment, and {@link #close()} removes those lines only, so tests
 * running beside it (and the environment's own key) keep theirs. Every edit writes a new file
 * (owner and mode as sshd's StrictModes wants them) and renames it over the old one under a lock,
 * so sshd, reading the file at every login, never sees it half written.
 */
final class AuthorizedKeys implements AutoCloseable {

    private final Path file = TestEnv.sshHome().resolve(".ssh/authorized_keys");
    private final Path lockFile = TestEnv.FILE.resolveSibling("authorized_keys.lock");
    private final String marker = "bb-it-" + UUID.randomUUID();

    /** A comment for a key whose public line {@link #add} will append. */
    String comment(String name) {
        return name + "@" + marker;
    }

    /** Appends the {@code .pub} line of a key generated with {@link #comment}. */
    void add(Path privateKey) throws IOException {
        String line = Files.readString(Path.of(privateKey + ".pub")).strip();
        if (!line.endsWith(marker)) {
            throw new IllegalArgumentException("the key " + privateKey + " was not made with comment()");
        }
        rewrite(content -> (content.isEmpty() || content.endsWith("\n") ? content : content + "\n") + line + "\n");
    }

    @Override
    public void close() throws IOException {
        rewrite(content -> content.lines().filter(l -> !l.endsWith(marker)).map(l -> l + "\n")
                .collect(Collectors.joining()));
    }

    /** The number of lines of this instance in the file now. */
    long count() throws IOException {
        return Files.readAllLines(file).stream().filter(l -> l.endsWith(marker)).count();
    }

    private void rewrite(UnaryOperator<String> change) throws IOException {
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = channel.lock()) {
            String after = change.apply(Files.readString(file));
            Path next = file.resolveSibling(".authorized_keys." + marker);
            Files.writeString(next, after);
            Files.setPosixFilePermissions(next, PosixFilePermissions.fromString("rw-------"));
            UserPrincipalLookupService users = next.getFileSystem().getUserPrincipalLookupService();
            PosixFileAttributeView view = Files.getFileAttributeView(next, PosixFileAttributeView.class);
            view.setOwner(users.lookupPrincipalByName(TestEnv.sshUser()));
            view.setGroup(users.lookupPrincipalByGroupName(TestEnv.sshUser()));
            Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
