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
    void aLineLongerThanAPieceComesInPiecesCutBetweenWordCharsOnly() throws IOException {
        // given: an INSERT of a large hex BLOB, with quotes and commas around it
        String longLine = "INSERT INTO `t` VALUES (1,'it''s',0x" + "ab".repeat(200_000) + "),(2,'x;y');";
        // when
        List<DumpLines.Piece> pieces = pieces((longLine + "\nend").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        // then: bounded pieces, which together are the line, then the next line whole
        assertThat(pieces).hasSizeGreaterThan(3);
        assertThat(pieces.subList(0, pieces.size() - 1)).allSatisfy(p -> assertThat(p.text().length())
                .isLessThanOrEqualTo(DumpLines.PIECE + (1 << 16)));
        assertThat(String.join("", pieces.subList(0, pieces.size() - 1).stream().map(DumpLines.Piece::text)
                .toList())).isEqualTo(longLine);
        assertThat(pieces.get(0).startsLine()).isTrue();
        assertThat(pieces.get(1).startsLine()).isFalse();
        assertThat(pieces.get(pieces.size() - 2).endsLine()).isTrue();
        assertThat(pieces.subList(0, pieces.size() - 2)).noneMatch(DumpLines.Piece::endsLine);
        assertThat(pieces.get(pieces.size() - 1)).isEqualTo(new DumpLines.Piece("end", true, true));
        for (int i = 0; i + 1 < pieces.size() - 1; i++) {
            String text = pieces.get(i).text();
            assertThat(text.charAt(text.length() - 1)).as("piece %d ends", i).isIn('a', 'b');
        }
    }

    private static List<DumpLines.Piece> pieces(byte[] bytes) throws IOException {
        DumpLines reader = new DumpLines(new ByteArrayInputStream(bytes));
        List<DumpLines.Piece> pieces = new ArrayList<>();
        for (DumpLines.Piece piece = reader.next(); piece != null; piece = reader.next()) {
            pieces.add(piece);
        }
        return pieces;
    }

    private static List<String> lines(byte[] bytes) throws IOException {
        DumpLines reader = new DumpLines(new ByteArrayInputStream(bytes));
        List<String> lines = new ArrayList<>();
        for (DumpLines.Piece line = reader.next(); line != null; line = reader.next()) {
            assertThat(line.startsLine() && line.endsLine()).isTrue();
            lines.add(line.text());
        }
        return lines;
    }
}
