package org.backupbatch.offsite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.backupbatch.archive.Sha256;
import org.backupbatch.config.HostKeyPolicy;
import org.backupbatch.config.OffsiteCopy;
import org.backupbatch.config.SiteConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The order of an off-site copy and its restart from the recorded state, over an in-memory store. */
class OffsiteUploadTest {

    @TempDir
    Path tmp;

    /** Files in memory, uploaded 10 bytes per call; every call logged. */
    private static final class Memory implements CopyStore {

        final Map<String, byte[]> uploading = new LinkedHashMap<>();
        final Map<String, byte[]> published = new LinkedHashMap<>();
        final List<String> calls;

        Memory(List<String> calls) {
            this.calls = calls;
        }

        @Override
        public boolean upload(Path file, String name, UploadState state) throws IOException {
            byte[] all = Files.readAllBytes(file);
            int from = (int) state.getLong("written");
            int to = Math.min(all.length, from + 10);
            byte[] sofar = uploading.getOrDefault(name, new byte[0]);
            byte[] next = java.util.Arrays.copyOf(sofar, to);
            System.arraycopy(all, from, next, from, to - from);
            uploading.put(name, next);
            state.put("written", Integer.toString(to));
            calls.add("upload " + name + " " + from);
            return to == all.length;
        }

        @Override
        public InputStream readBack(String name, UploadState state) {
            return new ByteArrayInputStream(uploading.get(name));
        }

        @Override
        public void publish(String name, UploadState state) {
            published.put(name, uploading.remove(name));
            calls.add("publish " + name);
        }

        @Override
        public void discard(String name, UploadState state) {
            uploading.remove(name);
        }

        @Override
        public List<String> list() {
            return List.copyOf(published.keySet());
        }

        @Override
        public InputStream open(String name) {
            return new ByteArrayInputStream(published.get(name));
        }

        @Override
        public void delete(String name) {
            published.remove(name);
        }

        @Override
        public String describe() {
            return "memory";
        }

        @Override
        public void close() {
        }
    }

    private OffsiteUpload.Backup backup() throws IOException {
        Path archive = Files.writeString(tmp.resolve("backup-blog-20261201T000000Z.tar.gz"), "x".repeat(35));
        Path manifest = Files.writeString(tmp.resolve("backup-blog-20261201T000000Z.manifest.json"), "{\"id\":1}");
        String sha = Sha256.of(archive);
        Path checksum = Files.writeString(tmp.resolve("backup-blog-20261201T000000Z.sha256"),
                sha + "  backup-blog-20261201T000000Z.tar.gz\n");
        return new OffsiteUpload.Backup("blog", archive, manifest, checksum, sha);
    }

    private static OffsiteCopy copy(String name) {
        return new OffsiteCopy.Sftp(name, "h", 22, "u", Path.of("/k"), null, Path.of("/kh"), HostKeyPolicy.STRICT,
                "p", 30, new OffsiteCopy.Keep(0, SiteConfig.Retention.DEFAULT));
    }

    @Test
    void eachCopyGetsTheArchiveThenTheManifestThenTheShaLastEachCheckedBeforeTheNext() throws Exception {
        // given
        List<String> calls = new ArrayList<>();
        Map<String, Memory> stores = new HashMap<>();
        OffsiteUpload.Stores open = (c, site) -> stores.computeIfAbsent(c.name(), n -> new Memory(calls));
        // when
        try (OffsiteUpload upload = new OffsiteUpload(List.of(copy("a"), copy("b")), backup(), new HashMap<>(),
                open)) {
            while (!upload.step()) {
                // one unit per call
            }
        }
        // then
        List<String> published = calls.stream().filter(c -> c.startsWith("publish")).toList();
        assertThat(published).containsExactly("publish backup-blog-20261201T000000Z.tar.gz",
                "publish backup-blog-20261201T000000Z.manifest.json", "publish backup-blog-20261201T000000Z.sha256",
                "publish backup-blog-20261201T000000Z.tar.gz", "publish backup-blog-20261201T000000Z.manifest.json",
                "publish backup-blog-20261201T000000Z.sha256");
        assertThat(stores.get("b").published.get("backup-blog-20261201T000000Z.tar.gz")).hasSize(35);
    }

    @Test
    void aNewRunWithTheRecordedStateGoesOnFromTheLastUnitDone() throws Exception {
        // given: a run stopped after two units (20 bytes of the archive), its state kept
        List<String> calls = new ArrayList<>();
        Memory store = new Memory(calls);
        Map<String, String> state = new HashMap<>();
        try (OffsiteUpload first = new OffsiteUpload(List.of(copy("a")), backup(), state, (c, s) -> store)) {
            first.step();
            first.step();
        }
        calls.clear();
        // when
        try (OffsiteUpload again = new OffsiteUpload(List.of(copy("a")), backup(), state, (c, s) -> store)) {
            while (!again.step()) {
                // one unit per call
            }
        }
        // then
        assertThat(calls.get(0)).isEqualTo("upload backup-blog-20261201T000000Z.tar.gz 20");
        assertThat(store.published.get("backup-blog-20261201T000000Z.tar.gz")).isEqualTo("x".repeat(35).getBytes());
        assertThat(state).containsEntry("offsite.a.done", "true");
    }
}
