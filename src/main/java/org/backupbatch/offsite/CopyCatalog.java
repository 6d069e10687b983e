package org.backupbatch.offsite;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.backupbatch.retention.BackupId;

/**
 * What one site's folder on a copy holds, by backup: the files named {@code
 * backup-<site>-<id>.<suffix>} as the backup job writes them. A backup is complete when its
 * {@code .sha256} is there (it is uploaded last); anything else in the folder (another site's
 * files, an unfinished upload) is not a backup and is never touched.
 */
public final class CopyCatalog {

    /** The suffixes of a backup's files, the {@code .sha256} first: the order of deletion. */
    static final List<String> SUFFIXES = List.of(".sha256", ".tar.gz.gpg", ".tar.gz", ".manifest.json");

    /** One backup on the copy: its id, its files' names, whether it is complete. */
    public record Entry(BackupId id, List<String> names) {

        public boolean complete() {
            return names.stream().anyMatch(n -> n.endsWith(".sha256"));
        }

        /** The archive's name ({@code .tar.gz} or {@code .tar.gz.gpg}), or null. */
        public String archive() {
            return names.stream().filter(n -> n.endsWith(".tar.gz") || n.endsWith(".tar.gz.gpg")).findFirst()
                    .orElse(null);
        }
    }

    private CopyCatalog() {
    }

    /** The backups of {@code site} among the names, newest first. */
    public static List<Entry> of(String site, List<String> names) {
        String prefix = "backup-" + site + "-";
        Map<String, List<String>> byId = new TreeMap<>();
        for (String name : names) {
            if (!name.startsWith(prefix)) {
                continue;
            }
            for (String suffix : SUFFIXES) {
                if (name.endsWith(suffix)) {
                    String id = name.substring(prefix.length(), name.length() - suffix.length());
                    byId.computeIfAbsent(id, k -> new ArrayList<>()).add(name);
                    break;
                }
            }
        }
        List<Entry> entries = new ArrayList<>();
        byId.forEach((id, files) -> BackupId.parse(id).ifPresent(parsed -> entries.add(new Entry(parsed,
                files.stream().sorted(Comparator.comparingInt(CopyCatalog::order)).toList()))));
        entries.sort(Comparator.comparing((Entry e) -> e.id().time()).reversed());
        return entries;
    }

    private static int order(String name) {
        for (int i = 0; i < SUFFIXES.size(); i++) {
            if (name.endsWith(SUFFIXES.get(i))) {
                return i;
            }
        }
        return SUFFIXES.size();
    }
}
