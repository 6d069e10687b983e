package org.backupbatch.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MysqlStringsTest {

    @Test
    void unescapesEveryEscapeTheServerKnows() {
        // given
        String raw = "\\0\\'\\\"\\b\\n\\r\\t\\Z\\\\\\%\\_\\x''é";

        // when
        String value = MysqlStrings.unescape(raw);

        // then
        assertThat(value).isEqualTo("\0'\"\b\n\r\t\u001A\\\\%\\_x'é");
    }

    @Test
    void escapesLikeMysqldumpAndRoundTripsEveryByte() {
        // given
        StringBuilder everyByte = new StringBuilder();
        for (char c = 0; c < 256; c++) {
            everyByte.append(c);
        }

        // when
        String raw = MysqlStrings.escape(everyByte.toString());

        // then
        assertThat(MysqlStrings.unescape(raw)).isEqualTo(everyByte.toString());
        assertThat(MysqlStrings.escape("\0\n\r\\'\"\u001A\t\b")).isEqualTo("\\0\\n\\r\\\\\\'\\\"\\Z\t\b");
    }
}
