package org.backupbatch.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.backupbatch.sql.DumpRewriter;
import org.junit.jupiter.api.Test;

/** The dump is rewritten as the load reads it; a rewrite that fails leaves a stream the target's gzip refuses. */
class RewrittenDumpTest {

    private static final String DUMP = "CREATE DEFINER=`old`@`%` TRIGGER t BEFORE INSERT ON a FOR EACH ROW SET @x = 1;\n"
            + "INSERT INTO wp_options VALUES (1,'siteurl','https://old.example.test');\n"
            + "-- Dump completed on 2026-12-01  3:00:00\n";

    @Test
    void theLoadReadsTheRewrittenDumpGzipped() throws IOException {
        // given
        DumpRewriter rewriter = DumpRewriter.copying().withDefinersAsCurrentUser()
                .withUrlReplaced("https://old.example.test", "https://new.example.test");
        // when
        byte[] sent;
        DumpRewriter.Result result;
        try (RewrittenDump dump = RewrittenDump.start(new ByteArrayInputStream(gzip(repeat(DUMP, 2000))), rewriter)) {
            sent = dump.gzipped().readAllBytes();
            result = dump.finish(null);
        }
        // then
        String loaded = new String(new GZIPInputStream(new ByteArrayInputStream(sent)).readAllBytes(),
                StandardCharsets.UTF_8);
        assertThat(loaded).contains("DEFINER=CURRENT_USER").contains("https://new.example.test")
                .doesNotContain("old.example.test").endsWith("-- Dump completed on 2026-12-01  3:00:00\n");
        assertThat(result.definersRewritten()).isEqualTo(2000);
    }

    @Test
    void aDumpThatCannotBeReadIsCutSoThatTheTargetsGzipFails() throws IOException {
        // given: the member's CRC is wrong (its last 8 bytes are CRC and size)
        byte[] member = gzip(repeat(DUMP, 2000));
        member[member.length - 8] ^= 0x01;
        // when
        byte[] sent;
        try (RewrittenDump dump = RewrittenDump.start(new ByteArrayInputStream(member), DumpRewriter.copying())) {
            sent = dump.gzipped().readAllBytes();
            assertThatThrownBy(() -> dump.finish(null)).isInstanceOf(IOException.class);
        }
        // then: what reached the target has no gzip trailer, so gzip -dc there exits non-zero
        assertThatThrownBy(() -> new GZIPInputStream(new ByteArrayInputStream(sent)).readAllBytes())
                .isInstanceOf(java.io.EOFException.class);
    }

    @Test
    void aLoadThatEndsFirstIsTheFailureReported() throws IOException {
        // given: mysql refused the dump after its first bytes
        IOException mysql = new IOException("mysql=1");
        try (RewrittenDump dump = RewrittenDump.start(new ByteArrayInputStream(gzip(repeat(DUMP, 100_000))),
                DumpRewriter.copying())) {
            dump.gzipped().readNBytes(100);
            // when / then
            assertThatThrownBy(() -> dump.finish(mysql)).isSameAs(mysql);
        }
    }

    private static byte[] repeat(String text, int times) {
        byte[] one = text.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[one.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(one, 0, all, i * one.length, one.length);
        }
        return all;
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(data);
        }
        return Arrays.copyOf(bytes.toByteArray(), bytes.size());
    }
}
