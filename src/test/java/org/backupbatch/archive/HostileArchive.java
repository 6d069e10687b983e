package org.backupbatch.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * An archive whose files part holds exactly the entries a test lists (names kept as given, no
 * normalization), made consistent in every other respect (members, sums, entry count, manifest)
 * so that only the entries themselves can be refused. Names are relative to the archive's top
 * folder ({@code files/a}, {@code files/../../evil}) unless they start with {@code /}.
 */
final class HostileArchive {

    private static final long MTIME = 1_700_000_000_000L;

    /** What was written: the archive, the manifest beside it and the archive's sum. */
    record Written(Path archive, byte[] manifestJson, String sha256, Manifest manifest) {

        /**
         * The full check before a restore; the restore's own check ({@link ArchiveSumCheck}) must
         * agree with it: the same links, or the same refusal.
         */
        OutsideLinks verifyBeforeRestore() throws IOException {
            OutsideLinks full;
            try {
                full = new ArchiveVerifier().verify(archive, manifestJson, sha256, true);
            } catch (org.backupbatch.errors.FatalError refused) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> sumCheck())
                        .isInstanceOf(org.backupbatch.errors.FatalError.class).hasMessage(refused.getMessage());
                throw refused;
            }
            org.assertj.core.api.Assertions.assertThat(sumCheck()).isEqualTo(full);
            return full;
        }

        private OutsideLinks sumCheck() throws IOException {
            return new ArchiveSumCheck().beforeRestore(archive, manifestJson, sha256, n -> { });
        }

        /** The gzip member of the files part, as the restore sends it to tar. */
        byte[] filesMember() throws IOException {
            return ArchiveFixture.slice(Files.readAllBytes(archive), manifest.member("files"));
        }
    }

    private final List<TarArchiveEntry> entries = new ArrayList<>();
    private final List<byte[]> contents = new ArrayList<>();

    /** Starts with the site's folder itself, as the server's tar does. */
    static HostileArchive withSiteFolder() {
        return new HostileArchive().dir("files");
    }

    HostileArchive dir(String name) {
        TarArchiveEntry entry = new TarArchiveEntry(fullName(name) + "/", TarConstants.LF_DIR, true);
        entry.setMode(040755);
        return add(entry, new byte[0]);
    }

    HostileArchive file(String name, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(fullName(name), TarConstants.LF_NORMAL, true);
        entry.setMode(0100644);
        entry.setSize(bytes.length);
        return add(entry, bytes);
    }

    HostileArchive symlink(String name, String target) {
        TarArchiveEntry entry = new TarArchiveEntry(fullName(name), TarConstants.LF_SYMLINK, true);
        entry.setLinkName(target);
        entry.setMode(0120777);
        return add(entry, new byte[0]);
    }

    /** A hard link; its target is stored as given (a whole member name, e.g. {@code backup-<id>/files/a}). */
    HostileArchive hardLink(String name, String target) {
        TarArchiveEntry entry = new TarArchiveEntry(fullName(name), TarConstants.LF_LINK, true);
        entry.setLinkName(target);
        entry.setMode(0100644);
        return add(entry, new byte[0]);
    }

    /** Writes {@code archive.tar.gz} (no database) in {@code dir}. */
    Written write(Path dir) throws IOException {
        Path filesPart = Files.write(dir.resolve("files.gz"), gzip(tarWithoutEndBlocks()));
        Path archive = dir.resolve("backup-blog-" + ArchiveFixture.ID + ".tar.gz");
        Manifest.FilesPart files = new Manifest.FilesPart("/var/www/blog", List.of(), List.of(), entries.size(),
                0, 0, 0, 0);
        ArchiveAssembler.Result result = new ArchiveAssembler().assemble(archive, ArchiveFixture.ROOT,
                new ArchiveAssembler.ReceivedPart(filesPart, Sha256.of(filesPart)), null,
                members -> new Manifest(Manifest.FORMAT_VERSION, "blog", ArchiveFixture.ID, "2026-11-29T03:25:51Z",
                        "test", new TreeMap<>(Map.of("tar", "tar (GNU tar) 1.34")), files, null, List.of(), members,
                        Manifest.KIND_BACKUP, "https://blog.example.test"));
        return new Written(archive, result.manifest().toJson(), result.sha256(), result.manifest());
    }

    static String fullName(String name) {
        return name.startsWith("/") ? name : ArchiveFixture.ROOT + "/" + name;
    }

    private HostileArchive add(TarArchiveEntry entry, byte[] content) {
        entry.setModTime(MTIME);
        entries.add(entry);
        contents.add(content);
        return this;
    }

    private byte[] tarWithoutEndBlocks() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out, 512)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
            for (int i = 0; i < entries.size(); i++) {
                tar.putArchiveEntry(entries.get(i));
                tar.write(contents.get(i));
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
        byte[] all = out.toByteArray();
        return Arrays.copyOf(all, all.length - 1024);
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }
}
