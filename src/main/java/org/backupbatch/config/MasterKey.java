package org.backupbatch.config;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.backupbatch.errors.ConfigurationError;

/**
 * The 256-bit AES key that seals and opens {@code ENC(…)} values: env {@value #ENV} (base64)
 * when set, else {@code <home>/.backup-batch/master.key} (the same base64 on one line). The file
 * is made 0600 in a 0700 folder the first time a value is sealed; a key file that others may read
 * is refused, as OpenSSH refuses such a private key. Messages name where the key came from,
 * never the key.
 */
public final class MasterKey {

    /** The environment variable that holds the key; it wins over the file. */
    public static final String ENV = "BACKUP_BATCH_MASTER_KEY";

    private static final int KEY_BYTES = 32;

    private final SecretKey key;
    private final String source;
    private final boolean created;

    private MasterKey(byte[] key, String source, boolean created) {
        this.key = new SecretKeySpec(key, "AES");
        this.source = source;
        this.created = created;
    }

    /** {@code <home>/.backup-batch/master.key}. */
    public static Path file(Path home) {
        return home.resolve(".backup-batch").resolve("master.key");
    }

    /** The key to open values with; a {@link ConfigurationError} naming both places when there is none. */
    public static MasterKey forOpening(Path home, Map<String, String> env) {
        MasterKey found = find(home, env);
        if (found == null) {
            throw new ConfigurationError("no master key: " + ENV + " is not set and " + file(home)
                    + " does not exist (job=config action=seal creates it)");
        }
        return found;
    }

    /** The key to seal values with; creates the key file when neither place holds a key. */
    public static MasterKey forSealing(Path home, Map<String, String> env) {
        MasterKey found = find(home, env);
        return found != null ? found : create(file(home));
    }

    /** Where the key came from, for messages: {@value #ENV} or the key file's path. */
    public String source() {
        return source;
    }

    /** Whether this run made the key file. */
    public boolean created() {
        return created;
    }

    SecretKey key() {
        return key;
    }

    @Override
    public String toString() {
        return "master key from " + source;
    }

    private static MasterKey find(Path home, Map<String, String> env) {
        String given = env.get(ENV);
        if (given != null && !given.isBlank()) {
            return new MasterKey(decode(given, ENV), ENV, false);
        }
        Path file = file(home);
        if (!Files.exists(file)) {
            return null;
        }
        checkPrivate(file);
        try {
            return new MasterKey(decode(Files.readString(file, StandardCharsets.US_ASCII), file.toString()),
                    file.toString(), false);
        } catch (IOException e) {
            throw new ConfigurationError("cannot read the master key " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] decode(String text, String source) {
        try {
            byte[] key = Base64.getDecoder().decode(text.strip());
            if (key.length == KEY_BYTES) {
                return key;
            }
        } catch (IllegalArgumentException e) {
            // reported below, without the text
        }
        throw new ConfigurationError("the master key from " + source
                + " is not a 256-bit key in base64 (44 characters, as job=config action=seal writes it)");
    }

    private static void checkPrivate(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationError("the master key " + file + " is not a regular file");
        }
        try {
            Set<PosixFilePermission> modes = Files.getPosixFilePermissions(file);
            if (modes.stream().anyMatch(p -> !p.name().startsWith("OWNER"))) {
                throw new ConfigurationError("the master key " + file + " may be read by others (mode "
                        + PosixFilePermissions.toString(modes) + "); run: chmod 600 " + file);
            }
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: nothing to check
        }
    }

    /**
     * Writes a new key whole under a temporary name, then links it into place: when two runs
     * create the key at once, one link wins and both use the key it holds.
     */
    private static MasterKey create(Path file) {
        Path folder = file.getParent();
        Path part = folder.resolve("master.key." + ProcessHandle.current().pid() + ".part");
        try {
            if (!Files.isDirectory(folder)) {
                Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            }
            byte[] key = newKey();
            Files.deleteIfExists(part);
            try (FileChannel out = FileChannel.open(part, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
                out.write(StandardCharsets.US_ASCII.encode(Base64.getEncoder().encodeToString(key) + "\n"));
                out.force(true);
            }
            Files.createLink(file, part);
            forceFolder(folder);
            return new MasterKey(key, file.toString(), true);
        } catch (FileAlreadyExistsException e) {
            return forOpening(folder.getParent(), Map.of());
        } catch (IOException e) {
            throw new ConfigurationError("cannot create the master key " + file + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(part);
            } catch (IOException e) {
                // a stale part file holds a key nobody uses; the next run replaces it
            }
        }
    }

    private static byte[] newKey() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(KEY_BYTES * 8, new SecureRandom());
            return generator.generateKey().getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot make AES-256 keys", e);
        }
    }

    /** The new name survives a power cut only once its folder is on disk too. */
    private static void forceFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some file systems cannot open a folder; the key file itself is on disk
        }
    }
}
