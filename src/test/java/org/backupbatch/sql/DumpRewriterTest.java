package org.backupbatch.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DumpRewriterTest {

    private static final String OLD = "https://blog.example.test";
    private static final String NEW = "https://staging.example.test";
    private static final DumpRewriter DEFINERS = DumpRewriter.copying().withDefinersAsCurrentUser();
    private static final DumpRewriter URLS = DumpRewriter.copying().withUrlReplaced(OLD, NEW);
    private static final DumpRewriter BOTH = DEFINERS.withUrlReplaced(OLD, NEW);

    @Test
    void copiesEveryByteWhenThereIsNothingToRewrite() throws IOException {
        // given: bytes that are not UTF-8, CR LF, a NUL, an unterminated string at the end
        byte[] dump = concat("/*M!999999\\- enable the sandbox mode */ \r\n-- DEFINER=`x`@`y`\r\n"
                .getBytes(StandardCharsets.UTF_8), new byte[] {'I', 'N', 'S', 'E', 'R', 'T', ' ', 'I', 'N', 'T', 'O',
                        ' ', 't', ' ', 'V', 'A', 'L', 'U', 'E', 'S', ' ', '(', '\'', (byte) 0xE9, (byte) 0xFF, 0,
                        '\'', ')', ';', '\n'},
                "INSERT INTO t VALUES ('caf\u00e9 \u2615 https://blog.example.org','unterminated"
                        .getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        // when
        DumpRewriter.Result result = BOTH.rewrite(new ByteArrayInputStream(dump), out);

        // then
        assertThat(out.toByteArray()).isEqualTo(dump);
        assertThat(result).isEqualTo(result(0, 0, 0, 0));
    }

    @Test
    void copiesHexBlobsAndStringsLongerThanItsBufferByteForByteAndStillRewritesWhatFollows() throws IOException {
        // given: a 300 KB hex literal and a 300 KB string with escapes and doubled quotes across
        // buffer boundaries, a $$ delimiter right after a word, then a DEFINER to rewrite
        StringBuilder hex = new StringBuilder("0x");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 150_000; i++) {
            hex.append(Integer.toHexString(i % 16)).append(Integer.toHexString((i * 7) % 16));
            text.append(i % 997 == 0 ? "\\'" : i % 1009 == 0 ? "''" : i % 1013 == 0 ? "\\\\" : "ab");
        }
        String data = "INSERT INTO t VALUES (" + hex + ",'" + text + "',`id``x`);\n"
                + "DELIMITER $$\nCREATE TABLE t2 (a int)$$\nDELIMITER ;\n";
        String definer = "CREATE DEFINER=`u`@`h` VIEW v AS SELECT 1;\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // when
        DumpRewriter.Result result = DEFINERS.rewrite(new ByteArrayInputStream(
                (data + definer).getBytes(StandardCharsets.ISO_8859_1)), out);
        // then
        assertThat(out.toString(StandardCharsets.ISO_8859_1))
                .isEqualTo(data + "CREATE DEFINER=CURRENT_USER VIEW v AS SELECT 1;\n");
        assertThat(result.definersRewritten()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
        "view, mysqldump          | /*!50001 CREATE ALGORITHM=UNDEFINED */\\n/*!50013 DEFINER=`bb_wp`@`localhost` SQL SECURITY DEFINER */\\n/*!50001 VIEW `v` AS select 1 AS `1` */; | /*!50001 CREATE ALGORITHM=UNDEFINED */\\n/*!50013 DEFINER=CURRENT_USER SQL SECURITY DEFINER */\\n/*!50001 VIEW `v` AS select 1 AS `1` */;",
        "trigger, mysqldump       | /*!50003 CREATE*/ /*!50017 DEFINER=`b``q`@`%`*/ /*!50003 TRIGGER trg BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1 */; | /*!50003 CREATE*/ /*!50017 DEFINER=CURRENT_USER*/ /*!50003 TRIGGER trg BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1 */;",
        "event, mysqldump         | /*!50106 CREATE*/ /*!50117 DEFINER=`bb_wp`@`localhost`*/ /*!50106 EVENT `ev` ON SCHEDULE EVERY 1 DAY DO SELECT 1 */ ; | /*!50106 CREATE*/ /*!50117 DEFINER=CURRENT_USER*/ /*!50106 EVENT `ev` ON SCHEDULE EVERY 1 DAY DO SELECT 1 */ ;",
        "procedure, single quotes | CREATE DEFINER='bb''wp'@'local\\'host' PROCEDURE p() SELECT 1; | CREATE DEFINER=CURRENT_USER PROCEDURE p() SELECT 1;",
        "function, bare, spaces   | create definer = root@localhost FUNCTION f() RETURNS INT RETURN 1; | create DEFINER=CURRENT_USER FUNCTION f() RETURNS INT RETURN 1;",
        "double quotes, IP host   | ALTER DEFINER=\"u\"@\"10.0.%\" VIEW v AS SELECT 1; | ALTER DEFINER=CURRENT_USER VIEW v AS SELECT 1;",
        "MariaDB role             | CREATE DEFINER=`editor` VIEW v AS SELECT 1; | CREATE DEFINER=CURRENT_USER VIEW v AS SELECT 1;",
        "already CURRENT_USER     | CREATE DEFINER=CURRENT_USER VIEW v AS SELECT 1; | CREATE DEFINER=CURRENT_USER VIEW v AS SELECT 1;",
        "CURRENT_USER()           | CREATE DEFINER=CURRENT_USER() VIEW v AS SELECT 1; | CREATE DEFINER=CURRENT_USER() VIEW v AS SELECT 1;",
    })
    void rewritesTheDefinerOfDdlToCurrentUser(String form, String statement, String expected) throws IOException {
        // when
        String rewritten = rewrite(DEFINERS, statement.replace("\\n", "\n"));

        // then
        assertThat(rewritten).as(form).isEqualTo(expected.replace("\\n", "\n"));
    }

    @Test
    void leavesDefinerTextInDataStringsAndCommentsAlone() throws IOException {
        // given
        String dump = """
                -- DEFINER=`a`@`b`
                /* DEFINER=`a`@`b` */
                INSERT INTO `posts` VALUES (1,'CREATE DEFINER=`a`@`b` VIEW'),(2,'x');
                DELIMITER ;;
                CREATE DEFINER=`bb_wp`@`localhost` PROCEDURE `p`()
                BEGIN SELECT 'DEFINER=`x`@`y`'; /* DEFINER=`x`@`y` */ END
                ;;
                DELIMITER ;
                """;

        // when
        String rewritten = rewrite(DEFINERS, dump);

        // then
        assertThat(rewritten).isEqualTo(dump.replace("CREATE DEFINER=`bb_wp`@`localhost` PROCEDURE",
                "CREATE DEFINER=CURRENT_USER PROCEDURE"));
    }

    @Test
    void countsTheDefinersAndTheValuesItChanged() throws IOException {
        // given
        String dump = "/*!50003 CREATE*/ /*!50017 DEFINER=`a`@`b`*/ /*!50003 TRIGGER t AFTER INSERT ON x FOR EACH ROW"
                + " SET @a = 1 */;\nINSERT INTO `x` VALUES ('" + OLD + "','" + OLD + "/a " + OLD + "','none');\n";

        // when
        DumpRewriter.Result result = BOTH.rewrite(new ByteArrayInputStream(bytes(dump)), new ByteArrayOutputStream());

        // then
        assertThat(result).isEqualTo(result(1, 2, 3, 0));
    }

    @Test
    void fixesTheLengthsOfSerializedValuesAndReEscapesThemAsMysqldumpDoes() throws IOException {
        // given: 10 bytes of "café ☕ " before the URL
        String dump = "INSERT INTO `wp_options` VALUES (3,'opt','a:2:{i:0;s:35:\\\"café ☕ " + OLD
                + "\\\";i:1;s:5:\\\"it\\'s\\n\\\";}','yes');\n";

        // when
        String rewritten = rewrite(URLS, dump);

        // then
        assertThat(rewritten).isEqualTo("INSERT INTO `wp_options` VALUES (3,'opt','a:2:{i:0;s:38:\\\"café ☕ " + NEW
                + "\\\";i:1;s:5:\\\"it\\'s\\n\\\";}','yes');\n");
    }

    @ParameterizedTest(name = "siteurl given first: {0}")
    @ValueSource(booleans = {true, false})
    void mapsSiteurlAndHomeOfAWordPressInItsFolderEachByItsOwnMappingPlainAndJsonEscaped(boolean siteurlFirst)
            throws IOException {
        // given: in the dump, mysqldump doubles the backslash of json_encode's \/
        DumpRewriter rewriter = siteurlFirst
                ? DumpRewriter.copying().withUrlReplaced(OLD + "/wp", NEW + "/core").withUrlReplaced(OLD, NEW)
                : DumpRewriter.copying().withUrlReplaced(OLD, NEW).withUrlReplaced(OLD + "/wp", NEW + "/core");
        String dump = "INSERT INTO `wp_options` VALUES (1,'siteurl','" + OLD + "/wp','yes'),(2,'home','" + OLD + "','yes');\n"
                + "INSERT INTO `wp_posts` VALUES (7,'<a href=\\\"" + OLD + "/about\\\"><img src=\\\"" + OLD
                + "/wp/wp-content/a.jpg\\\"></a>','[{\\\"url\\\":\\\"https:\\\\/\\\\/blog.example.test\\\\/wp\\\\/b\\\","
                + "\\\"home\\\":\\\"https:\\\\/\\\\/blog.example.test\\\"}]');\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        // when
        DumpRewriter.Result result = rewriter.rewrite(new ByteArrayInputStream(bytes(dump)), out);

        // then
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("INSERT INTO `wp_options` VALUES (1,'siteurl','"
                + NEW + "/core','yes'),(2,'home','" + NEW + "','yes');\n"
                + "INSERT INTO `wp_posts` VALUES (7,'<a href=\\\"" + NEW + "/about\\\"><img src=\\\"" + NEW
                + "/core/wp-content/a.jpg\\\"></a>','[{\\\"url\\\":\\\"https:\\\\/\\\\/staging.example.test\\\\/core\\\\/b\\\","
                + "\\\"home\\\":\\\"https:\\\\/\\\\/staging.example.test\\\"}]');\n");
        assertThat(result).isEqualTo(result(0, 4, 4, 2));
    }

    @Test
    void fixesTheLengthOfASerializedStringHoldingJsonEscapedUrls() throws IOException {
        // given: a:1:{s:3:"kit";s:39:"{"u":"https:\/\/blog.example.test\/é"}";} as mysqldump writes it
        String dump = "INSERT INTO `wp_options` VALUES (5,'kit','a:1:{s:3:\\\"kit\\\";s:39:\\\"{\\\"u\\\":"
                + "\\\"https:\\\\/\\\\/blog.example.test\\\\/é\\\"}\\\";}','yes');\n";

        // when
        String rewritten = rewrite(URLS, dump);

        // then
        assertThat(rewritten).isEqualTo("INSERT INTO `wp_options` VALUES (5,'kit','a:1:{s:3:\\\"kit\\\";s:42:\\\"{\\\"u\\\":"
                + "\\\"https:\\\\/\\\\/staging.example.test\\\\/é\\\"}\\\";}','yes');\n");
    }

    @Test
    void copiesTheDumpWhenEveryUrlIsMappedToItself() throws IOException {
        // given
        String dump = "INSERT INTO t VALUES ('" + OLD + "/wp','https:\\\\/\\\\/blog.example.test');\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        // when
        DumpRewriter.Result result = DumpRewriter.copying().withUrlReplaced(OLD, OLD).withUrlReplaced(OLD, OLD)
                .rewrite(new ByteArrayInputStream(bytes(dump)), out);

        // then
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(dump);
        assertThat(result).isEqualTo(result(0, 0, 0, 0));
        assertThat(result.replacements()).containsOnlyKeys("plain", "json");
    }

    @Test
    void escapesAChangedValueTheWayMysqldumpDoes() throws IOException {
        // given: '' for a quote and a raw tab are valid SQL but not what mysqldump writes
        String dump = "INSERT INTO t VALUES ('it''s\t\\0\\Z\\r\\n\\\\ \\\"" + OLD + "\\%');\n";

        // when
        String rewritten = rewrite(URLS, dump);

        // then
        assertThat(rewritten).isEqualTo("INSERT INTO t VALUES ('it\\'s\t\\0\\Z\\r\\n\\\\ \\\"" + NEW + "\\\\%');\n");
    }

    @Test
    void replacesOnlyInTheStringsOfInsertStatements() throws IOException {
        // given
        String dump = """
                CREATE TABLE `t` (`u` varchar(99) DEFAULT 'https://blog.example.test' COMMENT 'https://blog.example.test');
                SET @home = 'https://blog.example.test';
                DELIMITER $$
                CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN INSERT INTO log VALUES ('https://blog.example.test'); SET NEW.u = 'https://blog.example.test'; END$$
                DELIMITER ;
                INSERT INTO `t` (`u`, `b`, `c`, `d`) VALUES ('https://blog.example.test',_binary 'https://blog.example.test',X'68747470',"https://blog.example.test"),(`u`,0x68747470733A2F2F626C6F672E6578616D706C652E74657374,_utf8mb4'https://blog.example.test/é',NULL);
                REPLACE INTO t VALUES ('https://blog.example.test');
                """;

        // when
        String rewritten = rewrite(URLS, dump);

        // then
        List<String> lines = rewritten.lines().toList();
        List<String> original = dump.lines().toList();
        assertThat(lines.subList(0, 5)).isEqualTo(original.subList(0, 5));
        assertThat(lines.get(5)).isEqualTo("INSERT INTO `t` (`u`, `b`, `c`, `d`) VALUES ('" + NEW
                + "',_binary '" + OLD + "',X'68747470',\"" + OLD + "\"),(`u`,0x68747470733A2F2F626C6F672E6578616D706C652E74657374,"
                + "_utf8mb4'" + NEW + "/é',NULL);");
        assertThat(lines.get(6)).isEqualTo("REPLACE INTO t VALUES ('" + NEW + "');");
    }

    @Test
    void streamsAHugeHexBlobThrough() throws IOException {
        // given: 64 MiB of hex in one INSERT value, made on the fly
        long hexDigits = 64L << 20;
        InputStream dump = new SequenceInputStream(new ByteArrayInputStream(bytes("INSERT INTO b VALUES (1,0x")),
                new SequenceInputStream(repeated('A', hexDigits), new ByteArrayInputStream(bytes(",'" + OLD + "');\n"))));
        CountingDigest out = new CountingDigest();

        // when
        DumpRewriter.Result result = URLS.rewrite(dump, out);

        // then
        assertThat(result.valuesChanged()).isEqualTo(1);
        assertThat(out.count).isEqualTo("INSERT INTO b VALUES (1,0x".length() + hexDigits + (",'" + NEW + "');\n").length());
    }

    @Test
    void refusesAnEmptyUrlToReplace() {
        assertThatThrownBy(() -> DumpRewriter.copying().withUrlReplaced("", NEW))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static DumpRewriter.Result result(long definers, long values, long plain, long json) {
        return new DumpRewriter.Result(definers, values, Map.of("plain", plain, "json", json));
    }

    private static String rewrite(DumpRewriter rewriter, String dump) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        rewriter.rewrite(new ByteArrayInputStream(bytes(dump)), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    private static InputStream repeated(char c, long count) {
        return new InputStream() {
            private long left = count;

            @Override
            public int read() {
                return left-- > 0 ? c : -1;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(length, left);
                java.util.Arrays.fill(buffer, offset, offset + n, (byte) c);
                left -= n;
                return n;
            }
        };
    }

    /** Counts what is written, keeping none of it. */
    private static final class CountingDigest extends OutputStream {
        private long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
