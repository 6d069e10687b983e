package org.backupbatch.retention;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The complete backups of one site in its destination folder, oldest first. */
public final class BackupCatalog {

    private BackupCatalog() {
    }

    /**
     * Lists the backups whose archive (plain or encrypted), manifest and {@code .sha256} are all
     * present. Anything else in the folder (other sites' files, a user's notes, the work folder)
     * is ignored.
     */
    public static List<BackupFiles> complete(Path siteFolder, String site) throws IOException {
        if (!Files.isDirectory(siteFolder)) {
            return List.of();
        }
        Pattern name = Pattern.compile(Pattern.quote("backup-" + site + "-") + "(\\d{8}T\\d{6}Z)\\.sha256");
        try (Stream<Path> entries = Files.list(siteFolder)) {
            return entries.map(p -> name.matcher(p.getFileName().toString()))
                    .filter(Matcher::matches)
                    .flatMap(m -> BackupId.parse(m.group(1)).stream())
                    .map(id -> new BackupFiles(siteFolder, site, id))
                    .filter(b -> Files.isRegularFile(b.archive()) && Files.isRegularFile(b.manifest()))
                    .sorted(Comparator.comparing(b -> b.id().time()))
                    .toList();
        }
    }
}
