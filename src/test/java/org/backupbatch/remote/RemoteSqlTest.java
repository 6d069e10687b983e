package org.backupbatch.remote;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** SQL literals and identifiers built for the queries run with the mysql client. */
class RemoteSqlTest {

    @Test
    void aLiteralDoublesQuotesSoThatNoSqlModeEndsItEarly() {
        // given
        String value = "x\\'; DROP TABLE t; -- ";
        // when
        String literal = RemoteSql.literal(value);
        // then: \\ is one backslash in the default mode, '' one quote in every mode
        assertThat(literal).isEqualTo("'x\\\\''; DROP TABLE t; -- '");
    }

    @Test
    void anIdentifierDoublesBackquotes() {
        // given
        String name = "a`; DROP TABLE t; `b";
        // when
        String identifier = RemoteSql.identifier(name);
        // then
        assertThat(identifier).isEqualTo("`a``; DROP TABLE t; ``b`");
    }
}
