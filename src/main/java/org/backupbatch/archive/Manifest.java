package org.backupbatch.archive;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * What a backup holds, stored twice: as {@code backup-<id>/manifest.json} inside the archive and
 * as the {@code .manifest.json} beside it. Written as snake_case JSON.
 *
 * @param formatVersion version of this layout; readers refuse a newer one
 * @param created       when the backup started, ISO-8601 UTC
 * @param remoteTools   versions of the tools that produced the streams (tar, gzip, mysqldump, …)
 * @param files         the files part; null when the backup has none
 * @param database      the database part; null when the site has no database
 * @param members       byte ranges of the gzip members of the archive, in order; the trailer
 *                      member (this manifest and the tar end blocks) follows the last one
 * @param kind          {@code backup}, or {@code pre-restore} for the safety snapshot a restore
 *                      takes of what it overwrites
 * @param siteUrl       the site's URL when the backup was made (WordPress: its siteurl option,
 *                      where WordPress lives); null when unknown
 * @param homeUrl       WordPress: its home option (the site's address, which differs from
 *                      siteurl when WordPress sits in a folder of its own); null when unknown or
 *                      in backups made before it was recorded (then: the same as siteUrl)
 * @param steps         the steps that ran before this manifest was written (validate, stream
 *                      files, dump database), by step name, in order; null in backups made
 *                      before it was recorded. The steps after it (assemble, verify) record
 *                      theirs in the job repository only: the sidecar is the inner manifest,
 *                      byte for byte, so it cannot hold more
 * @param transfer      what crossed the network and what was taken over from the last backup; null
 *                      in backups made before it was recorded (then full)
 * @param filesIndex    the files part's entry map, when the part is cut into members (an incremental
 *                      night's); null otherwise
 * @param compression   how the streams were compressed on the host ({@code gzip -6}, {@code pigz -6});
 *                      null in backups made before it was recorded (then gzip). When the files
 *                      were split (see {@link #FILES_STORED}), the members list the two streams'
 *                      ranges inside the {@code files} one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(int formatVersion, String site, String id, String created, String toolVersion,
        Map<String, String> remoteTools, FilesPart files, DatabasePart database, List<String> warnings,
        List<Member> members, String kind, String siteUrl, String homeUrl, Map<String, Step> steps,
        String compression, Transfer transfer, EntryMap filesIndex) {

    /** A manifest without the transfer's figures nor a files index (made before issue 15). */
    public Manifest(int formatVersion, String site, String id, String created, String toolVersion,
            Map<String, String> remoteTools, FilesPart files, DatabasePart database, List<String> warnings,
            List<Member> members, String kind, String siteUrl, String homeUrl, Map<String, Step> steps,
            String compression) {
        this(formatVersion, site, id, created, toolVersion, remoteTools, files, database, warnings, members, kind,
                siteUrl, homeUrl, steps, compression, null, null);
    }

    /**
     * What crossed the network and what was taken over from the last backup (issue 15).
     *
     * @param mode           {@code full} or {@code incremental}
     * @param reference      the id of the backup an incremental took unchanged members from; null when full
     * @param transferred    bytes received from the host for the files (listings, sums and streams, compressed)
     * @param reused         bytes of data members taken over from the reference (copied, or cut from its streams)
     * @param lastFull       the id of the last full backup this one descends from (its own when full)
     * @param contentChecked the id of the backup whose night last compared every file's sha256 with the
     *                       host's, or fetched them all (a full one)
     */
    public record Transfer(String mode, String reference, long transferred, long reused, String lastFull,
            String contentChecked) {
    }

    /**
     * The files part's entry map ({@link org.backupbatch.archive.FilesIndex}), beside the archive
     * as {@code backup-<site>-<id>.files.gz}; absent when the files part is the host's streams.
     *
     * @param sha256  sum of the map's file
     * @param entries its records: the files part's entries
     */
    public record EntryMap(String sha256, long entries) {
    }

    /** A manifest without the compression's name. */
    public Manifest(int formatVersion, String site, String id, String created, String toolVersion,
            Map<String, String> remoteTools, FilesPart files, DatabasePart database, List<String> warnings,
            List<Member> members, String kind, String siteUrl, String homeUrl, Map<String, Step> steps) {
        this(formatVersion, site, id, created, toolVersion, remoteTools, files, database, warnings, members, kind,
                siteUrl, homeUrl, steps, null);
    }

    /** A manifest without the steps' figures. */
    public Manifest(int formatVersion, String site, String id, String created, String toolVersion,
            Map<String, String> remoteTools, FilesPart files, DatabasePart database, List<String> warnings,
            List<Member> members, String kind, String siteUrl, String homeUrl) {
        this(formatVersion, site, id, created, toolVersion, remoteTools, files, database, warnings, members, kind,
                siteUrl, homeUrl, null);
    }

    /** A manifest without a home URL (not a WordPress site, or not known). */
    public Manifest(int formatVersion, String site, String id, String created, String toolVersion,
            Map<String, String> remoteTools, FilesPart files, DatabasePart database, List<String> warnings,
            List<Member> members, String kind, String siteUrl) {
        this(formatVersion, site, id, created, toolVersion, remoteTools, files, database, warnings, members, kind,
                siteUrl, null);
    }

    public static final int FORMAT_VERSION = 1;
    public static final String KIND_BACKUP = "backup";
    public static final String KIND_PRE_RESTORE = "pre-restore";
    /** The member holding the whole files part: every stream of it, in order. */
    public static final String FILES = "files";
    /**
     * Inside {@link #FILES}, when the files were split: the files that do not compress, sent as
     * plain tar and wrapped here into gzip without compression (stored blocks); it comes first.
     */
    public static final String FILES_STORED = "files.stored";
    /** Inside {@link #FILES}, when the files were split: the rest, gzipped on the host; it comes last. */
    public static final String FILES_GZIP = "files.gzip";

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * The files part.
     *
     * @param entries all tar entries (files, folders, links)
     * @param bytes   the sum of the regular files' sizes
     */
    public record FilesPart(String remotePath, List<String> includePatterns, List<String> excludePatterns,
            long entries, long regularFiles, long directories, long symlinks, long bytes) {
    }

    /**
     * The database part.
     *
     * @param bytes         size of database.sql, uncompressed
     * @param sha256        sum of database.sql, uncompressed
     * @param rows          rows of each table in the dump, counted from its INSERT statements;
     *                      null when not counted
     * @param tablePrefix   the prefix of the tables dumped (one site of several sharing the
     *                      database); null when the whole database was dumped, and in
     *                      manifests written before tables were chosen
     * @param tablesLeftOut the database's tables and views that were not dumped, sorted; null
     *                      when the whole database was dumped
     * @param sections      with {@code database.incremental: tables}: database.sql cut into
     *                      sections, each a gzip member of its own, in order; null otherwise (one
     *                      member, as the server gzipped it)
     * @param reference     the id of the backup whose unchanged sections were copied; null when
     *                      none was (a whole dump, or not incremental)
     * @param transferredBytes compressed bytes of the dump that crossed the network this night;
     *                      null when not incremental
     * @param reusedBytes   compressed bytes copied from the reference; null when not incremental
     */
    public record DatabasePart(String name, String host, long bytes, String sha256, int tables,
            String dumpCompleted, Map<String, Long> rows, String tablePrefix, List<String> tablesLeftOut,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<DatabaseSection> sections,
            @JsonInclude(JsonInclude.Include.NON_NULL) String reference,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long transferredBytes,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long reusedBytes) {

        /** A dump taken whole, as one member. */
        public DatabasePart(String name, String host, long bytes, String sha256, int tables, String dumpCompleted,
                Map<String, Long> rows, String tablePrefix, List<String> tablesLeftOut) {
            this(name, host, bytes, sha256, tables, dumpCompleted, rows, tablePrefix, tablesLeftOut, null, null, null,
                    null);
        }

        /** A dump of the whole database. */
        public DatabasePart(String name, String host, long bytes, String sha256, int tables, String dumpCompleted,
                Map<String, Long> rows) {
            this(name, host, bytes, sha256, tables, dumpCompleted, rows, null, null);
        }
    }

    /**
     * One section of an incremental database.sql: the header (mysqldump's opening comments and
     * SET statements), one table (or view) with its triggers, the events, the routines, or the
     * footer. The sections follow each other in the dump's order and together make database.sql.
     *
     * @param kind       {@code header}, {@code table}, {@code view}, {@code view-final},
     *                   {@code events}, {@code routines} or {@code footer}
     * @param name       the table or view; null for the other kinds
     * @param offset     byte offset of its gzip member in the .tar.gz
     * @param length     compressed length in bytes
     * @param sha256     sum of the member's compressed bytes
     * @param bytes      size of the section's text, uncompressed
     * @param dumpSha256 sum of the section's text, as the host hashed it
     * @param rows       rows of the table in it; null for the other kinds
     */
    public record DatabaseSection(String kind, String name, long offset, long length, String sha256, long bytes,
            String dumpSha256, Long rows) {

        /** The same section at another offset. */
        public DatabaseSection movedBy(long delta) {
            return new DatabaseSection(kind, name, offset + delta, length, sha256, bytes, dumpSha256, rows);
        }
    }

    /** Sections as JSON, to keep them in a work file between steps. */
    public static byte[] sectionsJson(List<DatabaseSection> sections) {
        try {
            return JSON.writeValueAsBytes(sections);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write sections", e);
        }
    }

    public static List<DatabaseSection> sectionsFromJson(byte[] json) throws IOException {
        return JSON.readValue(json, JSON.getTypeFactory().constructCollectionType(List.class, DatabaseSection.class));
    }

    /**
     * One gzip member of the archive.
     *
     * @param name   {@code files}, {@code files.stored} and {@code files.gzip} (inside
     *               {@code files}, when it was split), {@code database-header} or {@code database}
     * @param offset byte offset in the .tar.gz
     * @param length compressed length in bytes
     * @param sha256 sum of the member's compressed bytes
     */
    public record Member(String name, long offset, long length, String sha256) {
    }

    /**
     * What one step of the backup moved and how long it took.
     *
     * @param bytes      bytes the step received or wrote (the files and dump: compressed, as
     *                   received); 0 for a step that moves none
     * @param durationMs wall-clock time of the step's last execution, in milliseconds
     */
    public record Step(long bytes, long durationMs) {
    }

    /** The member with that name, or null. */
    public Member member(String name) {
        return members.stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write manifest", e);
        }
    }

    public static Manifest fromJson(byte[] json) throws IOException {
        return JSON.readValue(json, Manifest.class);
    }
}
