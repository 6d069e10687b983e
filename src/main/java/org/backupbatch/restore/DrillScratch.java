package org.backupbatch.restore;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.backupbatch.archive.PrivateFiles;
import org.backupbatch.config.DrillSite;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.remote.ScratchDatabases;
import org.backupbatch.remote.SiteShells;
import org.backupbatch.retention.BackupFiles;
import org.backupbatch.ssh.Shell;
import org.springframework.util.FileSystemUtils;

/**
 * The scratch place of one restore drill: its folder ({@link DrillSite#folder}: the restored
 * files, the restore's work folder and target record) and its database on the drill server.
 * Made empty before the drill restores into it, removed after it, whatever the outcome; and what
 * earlier drills of the site left when they were killed is swept first (the drill lock, {@code
 * <site>.drill}, guarantees that none of them is running).
 */
final class DrillScratch {

    private final DrillSite drill;
    private final SiteConfig source;

    DrillScratch(DrillSite drill, SiteConfig source) {
        this.drill = drill;
        this.source = source;
    }

    /** Removes the folders, pin files and databases of this site's other drills; says what went. */
    List<String> sweepOthers() throws IOException {
        List<String> swept = new ArrayList<>();
        Path destination = source.backup().destination();
        if (Files.isDirectory(destination)) {
            try (var entries = Files.list(destination)) {
                for (Path folder : entries.filter(p -> drill.isOtherPlace(p.getFileName().toString())).toList()) {
                    deleteTree(folder);
                    swept.add("folder " + folder);
                }
            }
        }
        Path pins = source.backup().destination().resolve(drill.site()).resolve(".pins");
        if (Files.isDirectory(pins)) {
            try (var entries = Files.list(pins)) {
                for (Path pin : entries.filter(p -> isOtherPin(p.getFileName().toString())).toList()) {
                    Files.deleteIfExists(pin);
                    swept.add("pin " + pin);
                }
            }
        }
        try (Shell shell = SiteShells.open(target())) {
            ScratchDatabases databases = new ScratchDatabases(shell, source.drill());
            for (String name : databases.named(drill.databasePrefix(source))) {
                if (drill.isOtherDatabase(name, source)) {
                    databases.drop(name);
                    swept.add("database " + name + " on " + databases.describe());
                }
            }
        }
        return swept;
    }

    /** A pin file {@code <id>.<target>-<run>} of another drill of this site. */
    private boolean isOtherPin(String name) {
        int dot = name.indexOf('.');
        String owner = dot < 0 ? "" : name.substring(dot + 1);
        int dash = owner.lastIndexOf('-');
        return dash > 0 && drill.isOtherPlace(owner.substring(0, dash));
    }

    /** Makes this drill's place empty: an empty 0700 folder, and an empty database when the backup has one to load. */
    void prepare(boolean database) throws IOException {
        deleteTree(drill.folder(source));
        PrivateFiles.folder(drill.folder(source));
        try (Shell shell = SiteShells.open(target())) {
            ScratchDatabases databases = new ScratchDatabases(shell, source.drill());
            databases.drop(drill.databaseName(source));
            if (database) {
                databases.create(drill.databaseName(source));
            }
        }
    }

    /** Removes this drill's place: the database, the folder, the pin file if one was made. */
    void remove() throws IOException {
        try (Shell shell = SiteShells.open(target())) {
            new ScratchDatabases(shell, source.drill()).drop(drill.databaseName(source));
        }
        deleteTree(drill.folder(source));
        releasePin();
    }

    /** The pin file of this drill on its backup, if hard links could not be made. */
    private void releasePin() throws IOException {
        Path pins = source.backup().destination().resolve(drill.site()).resolve(".pins");
        if (Files.isDirectory(pins)) {
            String owner = "." + RestoreRun.owner(drill.name(), drill.run());
            try (var entries = Files.list(pins)) {
                for (Path pin : entries.filter(p -> p.getFileName().toString().endsWith(owner)).toList()) {
                    Files.deleteIfExists(pin);
                }
            }
        }
    }

    SiteConfig target() {
        return drill.config(source);
    }

    /** The published backup a drill reads (its sidecar is where the drill is recorded). */
    BackupFiles published(String id) {
        return RestoreRun.source(source, drill.site(), id);
    }

    /**
     * Deletes a tree whatever the modes a restored site gave its folders (a {@code 0555} folder
     * would keep its entries from a user who is not root): each folder is opened to its owner
     * first. Links are deleted, never followed.
     */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Set<PosixFilePermission> owner = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE);
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
                if (!mode.containsAll(owner)) {
                    mode.addAll(owner);
                    Files.setPosixFilePermissions(dir, mode);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        FileSystemUtils.deleteRecursively(root);
    }
}
