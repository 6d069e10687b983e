package org.backupbatch.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A dump's lines end at {@code \n} only; every byte is kept as one char. */
class DumpLinesTest {

    @Test
    void aCarriageReturnInATableNameIsPartOfItsLine() throws IOException {
        // given: mysqldump writes names raw, a \r included
        byte[] dump = "CREATE TABLE `a\rb` (\n\n  `x` int\n-- Dump completed".getBytes(
                java.nio.charset.StandardCharsets.ISO_8859_1);
        // when
        List<String> lines = lines(dump);
        // then
        assertThat(lines).containsExactly("CREATE TABLE `a\rb` (", "", "  `x` int", "-- Dump completed");
    }

    @Test
    void bytesAboveAsciiAreOneCharEachAndAFinalNewlineAddsNoLine() throws IOException {
        // given
        byte[] dump = {(byte) 0xc3, (byte) 0xa9, (byte) 0xff, '\n'};
        // when
        List<String> lines = lines(dump);
        // then
        assertThat(lines).containsExactly("\u00c3\u00a9\u00ff");
    }

    @Test
    void aLineLongerThanTheBufferComesWhole() throws IOException {
        // given
        String longLine = "x".repeat(200_000);
        // when
        List<String> lines = lines((longLine + "\nend").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        // then
        assertThat(lines).containsExactly(longLine, "end");
    }

    private static List<String> lines(byte[] bytes) throws IOException {
        DumpLines reader = new DumpLines(new ByteArrayInputStream(bytes));
        List<String> lines = new ArrayList<>();
        for (String line = reader.next(); line != null; line = reader.next()) {
            lines.add(line);
        }
        return lines;
    }
}
