package org.backupbatch.retention;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.backupbatch.archive.Manifest;

/**
 * What {@code job=list} shows of a site's folder ({@code <destination>/<site>/}): every backup,
 * complete or not, from the names of its files and its sidecar manifest, without opening any
 * archive (a hundred backups list in milliseconds). Unlike {@link BackupCatalog}, which gives only
 * what may be restored or pruned, this hides nothing of the site's: a backup that lacks its
 * manifest or {@code .sha256}, whose manifest disagrees with the archive's name or size,
 * {@code .part} leftovers and unfinished work folders are listed as incomplete, with why. Files of
 * other sites and a user's own files are not the site's and are left out.
 */
public final class BackupListing {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PART = ".part";

    private BackupListing() {
    }

    /** The site's backups and leftovers, newest first; empty when the folder does not exist. */
    public static List<ListedBackup> read(Path siteFolder, String site) throws IOException {
        if (!Files.isDirectory(siteFolder)) {
            return List.of();
        }
        Pattern name = Pattern.compile(Pattern.quote("backup-" + site + "-")
                + "(\\d{8}T\\d{6}Z)(\\.tar\\.gz|\\.tar\\.gz\\.gpg|\\.manifest\\.json|\\.sha256)");
        Map<BackupId, Set<String>> byId = new TreeMap<>(Comparator.comparing(BackupId::time).reversed());
        List<ListedBackup> leftovers = new ArrayList<>();
        try (Stream<Path> entries = Files.list(siteFolder)) {
            for (Path entry : entries.sorted().toList()) {
                String file = entry.getFileName().toString();
                Matcher m = name.matcher(file);
                if (m.matches() && BackupId.parse(m.group(1)).isPresent()) {
                    byId.computeIfAbsent(BackupId.parse(m.group(1)).get(), k -> new TreeSet<>()).add(file);
                } else if (file.endsWith(PART) && Files.isRegularFile(entry)) {
                    leftovers.add(leftover(file, Files.size(entry),
                            "a .part file: an unfinished write (a run going on, or one that stopped)"));
                }
            }
        }
        List<ListedBackup> listed = new ArrayList<>();
        for (Map.Entry<BackupId, Set<String>> e : byId.entrySet()) {
            listed.add(backup(new BackupFiles(siteFolder, site, e.getKey()), e.getValue()));
        }
        listed.addAll(workFolders(siteFolder.resolve(".work")));
        listed.addAll(leftovers);
        return listed;
    }

    private static ListedBackup backup(BackupFiles files, Set<String> names) throws IOException {
        List<String> problems = new ArrayList<>();
        boolean encrypted = names.contains(files.encryptedArchive().getFileName().toString());
        Path archive = encrypted ? files.encryptedArchive()
                : names.contains(files.plainArchive().getFileName().toString()) ? files.plainArchive() : null;
        boolean hasManifest = names.contains(files.manifest().getFileName().toString());
        boolean hasChecksum = names.contains(files.checksum().getFileName().toString());
        if (archive == null) {
            problems.add("no archive");
        }
        if (!hasManifest) {
            problems.add("no manifest");
        }
        if (!hasChecksum) {
            problems.add("no .sha256: not verified (a run going on, or one that did not finish)");
        }
        Long bytes = archive == null ? null : Files.size(archive);
        Sidecar sidecar = hasManifest ? Sidecar.read(files.manifest(), problems) : null;
        if (sidecar != null) {
            sidecar.check(files, archive, bytes, problems);
        }
        if (archive != null && hasChecksum && files.publishedSha256() == null) {
            problems.add("the .sha256 does not name " + archive.getFileName());
        }
        ListedBackup.Verified verified = sidecar != null && sidecar.verifiedAt() != null
                ? new ListedBackup.Verified(sidecar.verifiedAt(), ListedBackup.Verified.SIDECAR)
                : hasChecksum ? new ListedBackup.Verified(Files.getLastModifiedTime(files.checksum()).toInstant(),
                        ListedBackup.Verified.CHECKSUM_FILE) : null;
        Sidecar m = sidecar;
        return new ListedBackup(files.id().value(), m != null && instant(m.created()) != null ? instant(m.created())
                : files.id().time(), problems.isEmpty(), problems,
                archive == null ? null : archive.getFileName().toString(), bytes, parts(m),
                m == null ? null : m.regularFiles(), m == null ? null : m.tables(), encrypted,
                m == null ? null : m.kind() == null ? Manifest.KIND_BACKUP : m.kind(), verified,
                m == null ? null : m.drilled());
    }

    private static List<String> parts(Sidecar m) {
        List<String> parts = new ArrayList<>();
        if (m != null && m.regularFiles() != null) {
            parts.add("files");
        }
        if (m != null && m.tables() != null) {
            parts.add("db");
        }
        return parts;
    }

    /** Each {@code .work/<id>/}: a backup or restore that has not finished (going on, or to resume). */
    private static List<ListedBackup> workFolders(Path work) throws IOException {
        if (!Files.isDirectory(work)) {
            return List.of();
        }
        List<ListedBackup> found = new ArrayList<>();
        try (Stream<Path> folders = Files.list(work)) {
            for (Path folder : folders.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) {
                String id = folder.getFileName().toString();
                ListedBackup entry = leftover(".work/" + id, null,
                        "unfinished work folder .work/" + id + " (a run going on, or one to resume or abandon)");
                found.add(BackupId.parse(id).map(b -> withDate(entry, b)).orElse(entry));
            }
        }
        return found;
    }

    private static ListedBackup withDate(ListedBackup e, BackupId id) {
        return new ListedBackup(id.value(), id.time(), false, e.problems(), null, null, List.of(), null, null, false,
                null, null, null);
    }

    private static ListedBackup leftover(String file, Long bytes, String why) {
        return new ListedBackup(file, null, false, List.of(why), file, bytes, List.of(), null, null, false, null,
                null, null);
    }

    static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * What the list shows of a sidecar manifest, read from its JSON tree in one pass: the fields
     * of {@link Manifest} and {@link org.backupbatch.archive.EncryptionRecord} it needs (their
     * snake_case names), and those others add ({@code verified}, {@code drilled}). The records
     * themselves are not bound: binding them costs Jackson's bean machinery, a good part of a
     * list's time, for fields it does not show.
     *
     * @param regularFiles the files part's regular files, null without a files part
     * @param tables       the database part's tables, null without a database part
     * @param membersEnd   where the last member the manifest lists ends, null without members
     * @param ciphertext   the {@code encryption.ciphertext} object, null for a plain backup
     */
    private record Sidecar(String site, String id, String created, String kind, Long regularFiles, Integer tables,
            Long membersEnd, JsonNode ciphertext, Instant verifiedAt, ListedBackup.Drilled drilled) {

        static Sidecar read(Path file, List<String> problems) {
            try {
                JsonNode tree = JSON.readTree(Files.readAllBytes(file));
                if (!tree.isObject() || !tree.path("site").isTextual() || !tree.path("id").isTextual()) {
                    throw new IOException("not a manifest: no site or id");
                }
                JsonNode drill = tree.path("drilled");
                ListedBackup.Drilled drilled = drill.isObject() ? new ListedBackup.Drilled(
                        instant(drill.path("at").asText(null)), drill.path("result").asText(null),
                        drill.path("error").asText(null)) : null;
                JsonNode filesPart = tree.path("files");
                JsonNode databasePart = tree.path("database");
                JsonNode members = tree.path("members");
                JsonNode last = members.isArray() && !members.isEmpty() ? members.get(members.size() - 1) : null;
                JsonNode encryption = tree.path("encryption");
                return new Sidecar(tree.path("site").asText(), tree.path("id").asText(),
                        tree.path("created").asText(null), tree.path("kind").asText(null),
                        filesPart.isObject() ? filesPart.path("regular_files").asLong() : null,
                        databasePart.isObject() ? databasePart.path("tables").asInt() : null,
                        last == null ? null : last.path("offset").asLong() + last.path("length").asLong(),
                        encryption.isObject() ? encryption.path("ciphertext") : null,
                        instant(tree.path("verified").path("at").asText(null)), drilled);
            } catch (IOException | RuntimeException e) {
                problems.add("manifest unreadable: " + e.getMessage().lines().findFirst().orElse(""));
                return null;
            }
        }

        void check(BackupFiles files, Path archive, Long bytes, List<String> problems) {
            if (!files.site().equals(site) || !files.id().value().equals(id)) {
                problems.add("the manifest is of site " + site + " backup " + id);
            }
            if (archive == null) {
                return;
            }
            boolean gpg = archive.equals(files.encryptedArchive());
            if (gpg != (ciphertext != null)) {
                problems.add(gpg ? "the manifest records no encryption for a .gpg archive"
                        : "the manifest records an encrypted archive, the archive is a plain .tar.gz");
            } else if (gpg) {
                String name = ciphertext.path("name").asText(null);
                if (!archive.getFileName().toString().equals(name)) {
                    problems.add("the manifest names " + name);
                }
                if (ciphertext.path("bytes").asLong(-1) != bytes) {
                    problems.add("the archive is " + bytes + " bytes, the manifest says " + ciphertext.path("bytes").asText());
                }
            } else if (membersEnd != null && bytes <= membersEnd) {
                problems.add("the archive is " + bytes + " bytes, shorter than the parts its manifest lists ("
                        + membersEnd + " bytes and a trailer)");
            }
        }
    }
}
