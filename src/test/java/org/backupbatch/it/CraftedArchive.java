package org.backupbatch.it;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.backupbatch.archive.ArchiveAssembler;
import org.backupbatch.archive.Manifest;
import org.backupbatch.archive.Sha256;

/**
 * Malicious archives for the restore's path checks: a real, published backup rebuilt with extra
 * tar entries at the end of its files part, and everything else made consistent again (gzip
 * members, member ranges and sums, entry count, the manifest inside and beside, the
 * {@code .sha256}), so that the only thing wrong with it is the entries themselves.
 */
final class CraftedArchive {

    /** One extra tar entry: a regular file (with content) or a symlink (with a target). */
    record Extra(String name, String symlinkTarget, byte[] content) {

        static Extra file(String name, String content) {
            return new Extra(name, null, content.getBytes(StandardCharsets.UTF_8));
        }

        static Extra symlink(String name, String target) {
            return new Extra(name, target, new byte[0]);
        }
    }

    private CraftedArchive() {
    }

    /**
     * Rebuilds {@code backup-<site>-<id>} in {@code folder} with the extra entries, whose names
     * are relative to the archive's top folder {@code backup-<id>/} (e.g. {@code files/../../evil}).
     */
    static void appendToFiles(Path folder, String site, String id, List<Extra> extras) throws IOException {
        String base = "backup-" + site + "-" + id;
        Path archive = folder.resolve(base + ".tar.gz");
        Path manifestFile = folder.resolve(base + ".manifest.json");
        Path checksum = folder.resolve(base + ".sha256");
        Manifest original = Manifest.fromJson(Files.readAllBytes(manifestFile));
        byte[] bytes = Files.readAllBytes(archive);
        String root = "backup-" + id;

        byte[] filesTar = gunzip(slice(bytes, original.member("files")));
        ByteArrayOutputStream filesGz = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(filesGz)) {
            gz.write(filesTar);
            gz.write(entries(root, extras));
        }
        Path work = Files.createTempDirectory("bb-it-crafted");
        try {
            Path filesPart = Files.write(work.resolve("files.gz"), filesGz.toByteArray());
            ArchiveAssembler.DumpPart dump = null;
            if (original.database() != null) {
                byte[] dumpGz = slice(bytes, original.member("database"));
                Path dumpPart = Files.write(work.resolve("database.gz"), dumpGz);
                dump = new ArchiveAssembler.DumpPart(new ArchiveAssembler.ReceivedPart(dumpPart, sha256(dumpGz)),
                        original.database().bytes(), Instant.now());
            }
            Manifest.FilesPart f = original.files();
            Manifest.FilesPart files = new Manifest.FilesPart(f.remotePath(), f.includePatterns(), f.excludePatterns(),
                    f.entries() + extras.size(), f.regularFiles(), f.directories(), f.symlinks(), f.bytes());
            Path rebuilt = work.resolve("archive.tar.gz");
            ArchiveAssembler.Result result = new ArchiveAssembler().assemble(rebuilt, root,
                    new ArchiveAssembler.ReceivedPart(filesPart, sha256(filesGz.toByteArray())), dump,
                    members -> new Manifest(original.formatVersion(), original.site(), original.id(),
                            original.created(), original.toolVersion(), original.remoteTools(), files,
                            original.database(),
                            original.warnings(), members, original.kind(), original.siteUrl()));
            Files.write(manifestFile, result.manifest().toJson());
            Files.write(archive, Files.readAllBytes(rebuilt));
            Files.writeString(checksum, result.sha256() + "  " + archive.getFileName() + "\n", StandardCharsets.UTF_8);
        } finally {
            try (var paths = Files.walk(work)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** The entries as a tar stream without end blocks, names kept exactly (no normalization). */
    private static byte[] entries(String root, List<Extra> extras) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out, 512)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
            for (Extra extra : extras) {
                TarArchiveEntry entry;
                if (extra.symlinkTarget() != null) {
                    entry = new TarArchiveEntry(root + "/" + extra.name(), TarConstants.LF_SYMLINK, true);
                    entry.setLinkName(extra.symlinkTarget());
                    entry.setMode(0120777);
                } else {
                    entry = new TarArchiveEntry(root + "/" + extra.name(), true);
                    entry.setSize(extra.content().length);
                    entry.setMode(0100644);
                }
                entry.setModTime(1_700_000_000_000L);
                tar.putArchiveEntry(entry);
                tar.write(extra.content());
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
        byte[] all = out.toByteArray();
        // drop the two end blocks: the files part of an archive has none
        return Arrays.copyOf(all, all.length - 1024);
    }

    private static byte[] slice(byte[] bytes, Manifest.Member member) {
        return Arrays.copyOfRange(bytes, (int) member.offset(), (int) (member.offset() + member.length()));
    }

    private static byte[] gunzip(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    private static String sha256(byte[] bytes) {
        var digest = Sha256.newDigest();
        digest.update(bytes);
        return Sha256.hex(digest);
    }
}
