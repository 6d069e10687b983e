package org.backupbatch.retention;

import java.time.Instant;
import java.util.List;

/**
 * One line of {@code job=list}: a backup of a site as its files and sidecar manifest describe it,
 * read without opening the archive; or something in the site's folder that is not a complete
 * backup, shown with why (a reader of the folder never mistakes it for one, nor misses it).
 *
 * @param id        the backup id ({@code yyyyMMdd'T'HHmmss'Z'}), or the leftover's file name when
 *                  it has no id
 * @param date      when the backup started: the manifest's {@code created}, else the id's time;
 *                  null when neither is known
 * @param complete  archive, manifest and {@code .sha256} all present and agreeing
 * @param problems  why it is not complete (empty when complete)
 * @param archive   the archive's file name, or null when there is none
 * @param bytes     the archive's size on disk, in bytes; null without an archive
 * @param parts     {@code files} and/or {@code db}, from the manifest; empty when unknown
 * @param files     regular files in the files part; null without one
 * @param tables    tables in the dump; null without a database part
 * @param encrypted whether the archive is the OpenPGP {@code .tar.gz.gpg}
 * @param kind      {@code backup}, or {@code pre-restore} for a restore's safety snapshot; null
 *                  when unknown
 * @param verified  when its sum was last checked; null when never
 * @param drilled   the last restore drill, from the sidecar; null when never drilled
 */
public record ListedBackup(String id, Instant date, boolean complete, List<String> problems, String archive,
        Long bytes, List<String> parts, Long files, Integer tables, boolean encrypted, String kind, Verified verified,
        Drilled drilled) {

    public ListedBackup {
        problems = List.copyOf(problems);
        parts = List.copyOf(parts);
    }

    /**
     * When the backup's sum was last checked.
     *
     * @param source {@link #SIDECAR} (the sidecar's {@code verified.at}, written by a later check)
     *               or {@link #CHECKSUM_FILE} (the {@code .sha256}'s modification time: the backup
     *               job writes it once the archive is verified)
     */
    public record Verified(Instant at, String source) {
        public static final String SIDECAR = "sidecar";
        public static final String CHECKSUM_FILE = "sha256-file";
    }

    /**
     * The last restore drill of the backup ({@code job=drill}), as its sidecar records it.
     *
     * @param result {@code ok} or {@code failed}
     * @param error  why it failed; null when it did not
     */
    public record Drilled(Instant at, String result, String error) {
    }
}
