package org.backupbatch.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Backup nights made here, the host being a local folder and the real GNU tar and gzip: a full
 * night (the host's two streams, as streamFiles receives them) or an incremental one (the archive
 * classes of issue 15 against the previous night), assembled into an archive with its manifest
 * and, when cut into members, its entry map. The remote half (find, tar over SSH) is the job's.
 */
final class LocalNights {

    /** One night's backup. */
    record Night(String id, Path archive, Manifest manifest, String sha256, Path index, long reused, long fetched) {

        String root() {
            return "backup-" + id;
        }


    }

    private final Path dir;
    private final Path tree;

    LocalNights(Path dir, Path tree) {
        this.dir = dir;
        this.tree = tree;
    }

    /** The host's tar of a NUL list, end blocks cut; gzipped by the real gzip unless {@code plain}. */
    private byte[] hostTar(String root, byte[] list, boolean plain) throws IOException {
        String tar = "tar --null --no-recursion -T - -b 1 --format=gnu --ignore-failed-read --transform='s,^\\.,"
                + root + "/files,S' -cf - | head -c -1024";
        return Processes.shOk(tree, list, plain ? tar : tar + " | gzip -c");
    }

    /** Receives one list as the job does: a gzip stream, or plain tar wrapped into stored gzip here. */
    private Path receive(String root, Path list, boolean plain, Path target) throws IOException {
        byte[] bytes = hostTar(root, Files.readAllBytes(list), plain);
        if (!plain) {
            return Files.write(target, bytes);
        }
        try (OutputStream out = new StoredGzip(Files.newOutputStream(target))) {
            out.write(bytes);
        }
        return target;
    }

    private Path listing(Path work) throws IOException {
        return Files.write(work.resolve("listing"), Processes.shOk(tree, null, ListedEntry.FIND));
    }

    Night full(String id) throws IOException {
        Path work = Files.createDirectories(dir.resolve("work-" + id));
        String root = "backup-" + id;
        IncrementalPlan plan = IncrementalPlan.of(listing(work), new FileSelector(List.of(), List.of()), Map.of());
        IncrementalPlan.FetchLists lists = plan.writeFetchLists(work);
        List<ArchiveAssembler.FilesStream> streams = new ArrayList<>();
        long fetched = 0;
        if (lists.storedCount() > 0) {
            Path stored = receive(root, lists.stored(), true, work.resolve("files-stored.tar.gz"));
            streams.add(new ArchiveAssembler.FilesStream(Manifest.FILES_STORED,
                    new ArchiveAssembler.ReceivedPart(stored, Sha256.of(stored))));
            fetched += Files.size(stored);
        }
        Path gzip = receive(root, lists.gzip(), false, work.resolve("files.tar.gz"));
        fetched += Files.size(gzip);
        streams.add(new ArchiveAssembler.FilesStream(streams.isEmpty() ? Manifest.FILES : Manifest.FILES_GZIP,
                new ArchiveAssembler.ReceivedPart(gzip, Sha256.of(gzip))));
        TarContents.Stats stats = ArchiveFixture.walk(tree);
        return assemble(id, streams, stats, new Manifest.Transfer("full", null, fetched, 0, id, id), null, 0, fetched);
    }

    /**
     * An incremental night against {@code reference}.
     *
     * @param contentCheck whether to compare every taken-over file's sha256 with the tree's
     */
    Night incremental(String id, Night reference, boolean contentCheck) throws IOException {
        Path work = Files.createDirectories(dir.resolve("work-" + id));
        String root = "backup-" + id;
        IncrementalFiles.Members before = reference.index() != null
                ? IncrementalFiles.fromIndex(reference.archive(), reference.manifest(), reference.index())
                : IncrementalFiles.fromStreams(reference.archive(), reference.manifest(), work.resolve("ref.members"), 6);
        IncrementalPlan plan = IncrementalPlan.of(listing(work), new FileSelector(List.of(), List.of()),
                before.entries());
        if (contentCheck) {
            java.io.ByteArrayOutputStream list = new java.io.ByteArrayOutputStream();
            ContentSums.writeList(plan.reusedFiles(), list);
            byte[] sums = Processes.shOk(tree, list.toByteArray(), ContentSums.COMMAND);
            plan.refetch(ContentSums.differing(new java.io.ByteArrayInputStream(sums), plan.reusedFiles()));
        }
        IncrementalPlan.FetchLists lists = plan.writeFetchLists(work);
        List<IncrementalFiles.Stream> streams = new ArrayList<>();
        long fetched = 0;
        if (lists.storedCount() > 0) {
            Path stored = receive(root, lists.stored(), true, work.resolve("files-stored.tar.gz"));
            streams.add(new IncrementalFiles.Stream(stored, true));
            fetched += Files.size(stored);
        }
        if (lists.gzipCount() > 0) {
            Path gzip = receive(root, lists.gzip(), false, work.resolve("files.tar.gz"));
            streams.add(new IncrementalFiles.Stream(gzip, false));
            fetched += Files.size(gzip);
        }
        IncrementalFiles.Members tonight = IncrementalFiles.cut(streams, root + "/files", work.resolve("fetched"), 6);
        Path part = work.resolve("files.members.gz");
        Path index = work.resolve("files.index.gz");
        FilesPartWriter.Result written = IncrementalFiles.write(part, index, root + "/files", 6,
                plan.picks(before, tonight), before, tonight);
        Manifest.Transfer transfer = new Manifest.Transfer("incremental", reference.id(), fetched,
                written.reusedBytes(), reference.manifest().transfer().lastFull(),
                contentCheck ? id : reference.manifest().transfer().contentChecked());
        Manifest.EntryMap map = new Manifest.EntryMap(Sha256.of(index), written.indexEntries());
        Path archive = dir.resolve("backup-site-" + id + ".tar.gz");
        ArchiveAssembler.Result result = new ArchiveAssembler().assembleOnto(archive, "backup-" + id,
                new ArchiveAssembler.ReceivedPart(part, written.sha256()), null,
                members -> manifest(id, written.stats(), members, transfer, map), n -> { });
        return new Night(id, archive, result.manifest(), result.sha256(), index, written.reusedBytes(), fetched);
    }

    private Night assemble(String id, List<ArchiveAssembler.FilesStream> streams, TarContents.Stats stats,
            Manifest.Transfer transfer, Manifest.EntryMap map, long reused, long fetched) throws IOException {
        Path archive = dir.resolve("backup-site-" + id + ".tar.gz");
        ArchiveAssembler.Result result = new ArchiveAssembler().assemble(archive, "backup-" + id, streams, null,
                members -> manifest(id, stats, members, transfer, map), n -> { });
        return new Night(id, archive, result.manifest(), result.sha256(), null, reused, fetched);
    }

    private static Manifest manifest(String id, TarContents.Stats stats, List<Manifest.Member> members,
            Manifest.Transfer transfer, Manifest.EntryMap map) {
        return new Manifest(Manifest.FORMAT_VERSION, "site", id, "2026-12-01T00:00:00Z", "test", Map.of(),
                new Manifest.FilesPart("/site", List.of(), List.of(), stats.entries(), stats.regularFiles(),
                        stats.directories(), stats.symlinks(), stats.bytes()),
                null, List.of(), members, Manifest.KIND_BACKUP, null, null, null, "gzip -6", transfer, map);
    }

    /** Extracts with GNU tar (no message allowed) and describes every path: type, mode, mtime, size, link, sum. */
    static String extract(Night night, Path into) throws IOException {
        Files.createDirectories(into);
        Processes.Outcome tar = Processes.run(into, null, List.of("tar", "xzf", night.archive().toString()));
        assertThat(tar.status()).as(tar.stderr()).isZero();
        assertThat(tar.stderr()).isEmpty();
        return describe(into.resolve(night.root()).resolve("files"));
    }

    /** Every path under {@code folder}: type, mode, mtime (seconds), size of files, link target, sha256. */
    static String describe(Path folder) throws IOException {
        byte[] listing = Processes.shOk(folder, null, "find . -printf '%T@ %p %y %m %l' "
                + "-a \\( -type f -printf ' %s' -o -true \\) -printf '\\n' | sed 's/^\\([0-9]*\\)\\.[0-9]*/\\1/' | sort -k2;"
                + " find . -type f -exec sha256sum {} + | sort");
        return new String(listing, StandardCharsets.UTF_8);
    }

    static void verify(Night night) throws IOException {
        new ArchiveVerifier().verify(night.archive(), night.manifest().toJson(), night.sha256());
    }
}
