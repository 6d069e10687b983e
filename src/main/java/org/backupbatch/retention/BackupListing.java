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
import org.backupbatch.archive.EncryptionRecord;
import org.backupbatch.archive.Manifest;
import org.backupbatch.archive.SidecarManifest;

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
        Manifest m = sidecar == null ? null : sidecar.manifest();
        return new ListedBackup(files.id().value(), m != null && instant(m.created()) != null ? instant(m.created())
                : files.id().time(), problems.isEmpty(), problems,
                archive == null ? null : archive.getFileName().toString(), bytes, parts(m),
                m == null || m.files() == null ? null : m.files().regularFiles(),
                m == null || m.database() == null ? null : m.database().tables(), encrypted,
                m == null ? null : m.kind() == null ? Manifest.KIND_BACKUP : m.kind(), verified,
                sidecar == null ? null : sidecar.drilled());
    }

    private static List<String> parts(Manifest m) {
        List<String> parts = new ArrayList<>();
        if (m != null && m.files() != null) {
            parts.add("files");
        }
        if (m != null && m.database() != null) {
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

    /** The sidecar manifest as read: the record, its encryption object, and the fields others add. */
    private record Sidecar(Manifest manifest, EncryptionRecord encryption, Instant verifiedAt,
            ListedBackup.Drilled drilled) {

        static Sidecar read(Path file, List<String> problems) {
            try {
                byte[] json = Files.readAllBytes(file);
                JsonNode tree = JSON.readTree(json);
                JsonNode drill = tree.path("drilled");
                ListedBackup.Drilled drilled = drill.isObject() ? new ListedBackup.Drilled(
                        instant(drill.path("at").asText(null)), drill.path("result").asText(null),
                        drill.path("error").asText(null)) : null;
                return new Sidecar(Manifest.fromJson(json), SidecarManifest.encryption(json),
                        instant(tree.path("verified").path("at").asText(null)), drilled);
            } catch (IOException | RuntimeException e) {
                problems.add("manifest unreadable: " + e.getMessage().lines().findFirst().orElse(""));
                return null;
            }
        }

        void check(BackupFiles files, Path archive, Long bytes, List<String> problems) {
            if (!files.site().equals(manifest.site()) || !files.id().value().equals(manifest.id())) {
                problems.add("the manifest is of site " + manifest.site() + " backup " + manifest.id());
            }
            if (archive == null) {
                return;
            }
            boolean gpg = archive.equals(files.encryptedArchive());
            if (gpg != (encryption != null)) {
                problems.add(gpg ? "the manifest records no encryption for a .gpg archive"
                        : "the manifest records an encrypted archive, the archive is a plain .tar.gz");
            } else if (gpg) {
                if (!archive.getFileName().toString().equals(encryption.ciphertext().name())) {
                    problems.add("the manifest names " + encryption.ciphertext().name());
                }
                if (encryption.ciphertext().bytes() != bytes) {
                    problems.add("the archive is " + bytes + " bytes, the manifest says " + encryption.ciphertext().bytes());
                }
            } else if (manifest.members() != null && !manifest.members().isEmpty()) {
                Manifest.Member last = manifest.members().get(manifest.members().size() - 1);
                if (bytes <= last.offset() + last.length()) {
                    problems.add("the archive is " + bytes + " bytes, shorter than the parts its manifest lists ("
                            + (last.offset() + last.length()) + " bytes and a trailer)");
                }
            }
        }
    }
}
