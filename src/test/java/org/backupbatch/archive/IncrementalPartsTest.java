package org.backupbatch.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The small parts of an incremental night: the detailed listing, the content sums, the entry map, the manifest. */
class IncrementalPartsTest {

    private static final String SUM_A = "a".repeat(64);
    private static final String SUM_B = "b".repeat(64);

    @TempDir
    Path dir;

    private static FileEntry file(String path, long size, long mtime, String sha) {
        return new FileEntry(path, 'f', size, mtime, 0644, 1000, 1000, "www", "www", null, 0, 0, sha, 0, 0);
    }

    private static ListedEntry listed(String record) throws IOException {
        return ListedEntry.next(new ByteArrayInputStream(record.replace('|', '\0').getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void listingRecordsReadNamesWithAnyByteAndTimesInWholeSeconds() throws IOException {
        // when
        ListedEntry e = listed("f|12|1700000000.9999999990|644|1000|1000|1|www|www|./a b\nc|||");
        ListedEntry link = listed("l|9|1699999999.5|777|1000|1000|1|www|www|./latest|uploads/x.jpg|");
        // then
        assertThat(e.path()).isEqualTo("./a b\nc");
        assertThat(e.mtime()).isEqualTo(1_700_000_000L);
        assertThat(e.mode()).isEqualTo(0644);
        assertThat(link.link()).isEqualTo("uploads/x.jpg");
        assertThat(ListedEntry.seconds("-1.5")).isEqualTo(-2);
        assertThatThrownBy(() -> listed("f|12|17|644|")).hasMessageContaining("cut");
    }

    @Test
    void aPathIsUnchangedOnlyWithTheSameTypeSizeTimeModeOwnerAndOneLink() throws IOException {
        // given
        FileEntry before = file("./a.php", 12, 1_700_000_000L, SUM_A);
        // then
        assertThat(listed("f|12|1700000000.2|644|1000|1000|1|www|www|./a.php||").sameAs(before)).isTrue();
        assertThat(listed("f|13|1700000000.2|644|1000|1000|1|www|www|./a.php||").sameAs(before)).isFalse();
        assertThat(listed("f|12|1700000001|644|1000|1000|1|www|www|./a.php||").sameAs(before)).isFalse();
        assertThat(listed("f|12|1700000000|600|1000|1000|1|www|www|./a.php||").sameAs(before)).isFalse();
        assertThat(listed("f|12|1700000000|644|1001|1000|1|www|www|./a.php||").sameAs(before)).isFalse();
        assertThat(listed("f|12|1700000000|644|1000|1000|2|www|www|./a.php||").sameAs(before)).as("hard links")
                .isFalse();
        assertThat(listed("f|12|1700000000|644|1000|1000|1|www|www|./a.php||").sameAs(null)).isFalse();
        FileEntry noName = new FileEntry("./b", 'f', 1, 5, 0644, 1234, 1234, "", "", null, 0, 0, SUM_A, 0, 0);
        assertThat(listed("f|1|5|644|1234|1234|1|1234|1234|./b||").sameAs(noName)).as("no name on the host").isTrue();
    }

    @Test
    void contentSumsNameTheFilesThatDifferOrWereNotHashed() throws IOException {
        // given
        List<FileEntry> files = List.of(file("./same", 1, 1, SUM_A), file("./tampered", 1, 1, SUM_A),
                file("./gone", 1, 1, SUM_A), file("./with\nnewline", 1, 1, SUM_B));
        String sums = SUM_A + "  ./same\0" + SUM_B + "  ./tampered\0" + SUM_B + "  ./with\nnewline\0";
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        // when
        ContentSums.writeList(files, list);
        Set<String> differ = ContentSums.differing(new ByteArrayInputStream(sums.getBytes(StandardCharsets.ISO_8859_1)),
                files);
        // then
        assertThat(list.toString(StandardCharsets.ISO_8859_1)).isEqualTo("./same\0./tampered\0./gone\0./with\nnewline\0");
        assertThat(differ).containsExactlyInAnyOrder("./tampered", "./gone");
        assertThatThrownBy(() -> ContentSums.differing(new ByteArrayInputStream((SUM_A + "  ./same").getBytes(
                StandardCharsets.ISO_8859_1)), files)).hasMessageContaining("cut");
    }

    @Test
    void entryMapReadsBackWhatWasWrittenAndRefusesACutOne() throws IOException {
        // given
        Path index = dir.resolve("files.gz");
        FileEntry a = file("./wp-content/é.jpg", 300_000, 1_700_000_000L, SUM_A).at(1024, 300_100);
        FileEntry link = new FileEntry("./latest", 'l', 0, 1, 0777, 0, 0, "root", "root", "wp-content/é.jpg", 0, 0,
                null, -1, 0);
        FileEntry root = new FileEntry(".", 'd', 0, 2, 0755, 0, 0, null, null, null, 0, 0, null, -1, 0);
        // when
        try (FilesIndex.Writer w = new FilesIndex.Writer(index)) {
            w.add(root);
            w.add(a);
            w.add(link);
        }
        Map<String, FileEntry> read = FilesIndex.read(index);
        // then
        assertThat(read.values()).containsExactly(root, a, link);
        byte[] whole = Files.readAllBytes(index);
        Path cut = Files.write(dir.resolve("cut.gz"), ArchiveFixture.gzip(dir, java.util.Arrays.copyOf(
                Processes.shOk(dir, whole, "gzip -dc"), 40)));
        assertThatThrownBy(() -> FilesIndex.read(cut)).hasMessageContaining("cut");
    }

    @Test
    void manifestsWithAndWithoutTheTransferReadBoth() throws IOException {
        // given
        Manifest now = new Manifest(1, "blog", "20261202T010000Z", "c", "t", Map.of(), null, null, List.of(),
                List.of(), Manifest.KIND_BACKUP, null, null, null, "gzip -6",
                new Manifest.Transfer("incremental", "20261201T010000Z", 1000, 900_000, "20261201T010000Z",
                        "20261201T010000Z"), new Manifest.EntryMap(SUM_A, 12));
        String old = """
                {"format_version": 1, "site": "blog", "id": "20261129T032551Z", "created": "c", "tool_version": "0.1",
                 "remote_tools": {}, "warnings": [], "members": [], "kind": "backup"}
                """;
        // when
        String json = new String(now.toJson(), StandardCharsets.UTF_8);
        Manifest read = Manifest.fromJson(now.toJson());
        Manifest before = Manifest.fromJson(old.getBytes(StandardCharsets.UTF_8));
        // then
        assertThat(json).contains("\"transfer\" : {", "\"mode\" : \"incremental\"", "\"reference\" : \"20261201T010000Z\"",
                "\"files_index\" : {", "\"last_full\"", "\"content_checked\"");
        assertThat(read).isEqualTo(now);
        assertThat(before.transfer()).isNull();
        assertThat(before.filesIndex()).isNull();
    }
}
