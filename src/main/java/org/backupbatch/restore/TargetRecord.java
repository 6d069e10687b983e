package org.backupbatch.restore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.backupbatch.archive.PrivateFiles;
import org.backupbatch.config.SiteConfig;
import org.springframework.util.FileSystemUtils;

/**
 * What a target was before a restore changed it, kept beside the target's backups until a restore
 * into it completes: its identity and its own {@code wp-config.php} (owner-only: it holds the
 * database password). A restore that fails half-way leaves the target's wp-config.php as the
 * source's; every later restore into that target (resumed, {@code fresh=yes}, other words) takes
 * the target's database from this record, never from what the folder now holds.
 */
final class TargetRecord {

    private final Path folder;

    private TargetRecord(Path folder) {
        this.folder = folder;
    }

    static TargetRecord of(SiteConfig target) {
        return new TargetRecord(target.backup().destination().resolve(target.site().name()).resolve(".work")
                .resolve("restore-target"));
    }

    boolean exists() {
        return Files.isRegularFile(folder.resolve("identity.json"));
    }

    TargetIdentity identity() throws IOException {
        return TargetIdentity.fromJson(Files.readString(folder.resolve("identity.json"), StandardCharsets.UTF_8));
    }

    /** The target's own wp-config.php as it was, or null when it had none. */
    byte[] wpConfig() throws IOException {
        Path file = folder.resolve("wp-config.php");
        return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
    }

    void save(TargetIdentity identity, byte[] wpConfig) throws IOException {
        if (wpConfig != null) {
            PrivateFiles.write(folder.resolve("wp-config.php"), wpConfig);
        }
        PrivateFiles.write(folder.resolve("identity.json"), identity.toJson().getBytes(StandardCharsets.UTF_8));
    }

    /** A restore into the target completed: what the target holds is its own again. */
    void clear() throws IOException {
        FileSystemUtils.deleteRecursively(folder);
    }

    Path folder() {
        return folder;
    }
}
