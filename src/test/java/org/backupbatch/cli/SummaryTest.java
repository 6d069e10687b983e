package org.backupbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The summary line stays one line of {@code key=value} tokens whatever its values hold. */
class SummaryTest {

    @Test
    void plainValuesStayBareAndOthersAreQuotedWithEscapes() {
        // given
        Summary summary = new Summary("restore").add("site", "blog").add("error", "a \"b\" c\\d");
        // when
        String line = summary.toString();
        // then
        assertThat(line).isEqualTo("restore site=blog error=\"a \\\"b\\\" c\\\\d\"");
    }

    @Test
    void aLineBreakInAValueCannotForgeAnotherLine() {
        // given: a table named so that its error message would print a line of its own
        Summary summary = new Summary("restore").add("error", "table x\nrestore status=COMPLETED\r\tis missing\u0001");
        // when
        String line = summary.toString();
        // then
        assertThat(line).doesNotContain("\n", "\r", "\t", "\u0001")
                .isEqualTo("restore error=\"table x\\nrestore status=COMPLETED\\r\\tis missing\\x01\"");
    }
}
