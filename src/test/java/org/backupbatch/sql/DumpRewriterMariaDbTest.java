package org.backupbatch.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A dump made by the real mysqldump of a small WordPress-like database (WordPress in its own
 * folder: {@code siteurl} is {@code home}{@code /wp}, each mapped to its own new URL; a serialized
 * option with the URL in nested arrays and multi-byte text, another holding a page builder's JSON
 * with escaped URLs, a plain URL column, JSON columns, a blob, a view, a trigger, a procedure and
 * an event whose DEFINER is the site user), rewritten, then loaded by the real mariadb client as
 * root into a fresh database and read back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DumpRewriterMariaDbTest {

    private static final String OLD = "https://blog.example.test";
    private static final String NEW = "https://staging.example.test";
    private static final String SITEURL = OLD + "/wp";
    private static final String NEW_SITEURL = NEW + "/core";
    private static final String SITE_DEFINER = "DEFINER=`bb_wp`@`localhost`";
    private static final String BLOB = "00FF27" + HexFormat.of().withUpperCase().formatHex(OLD.getBytes(StandardCharsets.UTF_8)) + "5C00";

    private final String source = Cli.freshDatabaseName();
    private final String target = source + "_r";
    private byte[] dump;
    private byte[] rewritten;
    private DumpRewriter.Result result;

    @BeforeAll
    void dumpRewriteAndLoad() throws Exception {
        Cli.sql(null, schema(serializedOption(), serializedKit(), builderJson()));
        dump = Cli.mysqldump(source);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        result = DumpRewriter.copying().withDefinersAsCurrentUser().withUrlReplaced(OLD, NEW)
                .withUrlReplaced(SITEURL, NEW_SITEURL)
                .rewrite(new ByteArrayInputStream(dump), out);
        rewritten = out.toByteArray();
        Cli.sql(null, "CREATE DATABASE `" + target + "` CHARACTER SET utf8mb4");
        Cli.load(target, rewritten);
    }

    @AfterAll
    void dropDatabases() throws Exception {
        Cli.sql(null, "DROP DATABASE IF EXISTS `" + source + "`; DROP DATABASE IF EXISTS `" + target + "`;");
    }

    @Test
    void loadsWithEveryValueThatHeldTheUrlChanged() throws Exception {
        // then
        assertThat(result).isEqualTo(new DumpRewriter.Result(4, 9, Map.of("plain", 10L, "json", 5L)));
        assertThat(Cli.sql(target, "SELECT option_name, option_value FROM wp_options WHERE option_id IN (1, 3, 4)"
                + " ORDER BY option_id")).isEqualTo("siteurl\t" + NEW_SITEURL + "\nblogname\tCafé ☕ blog\nhome\t" + NEW + "\n");
        assertThat(Cli.sql(target, "SELECT guid, post_content, meta FROM wp_posts WHERE ID = 10")).isEqualTo(
                NEW + "/?p=10\t<a href=\"" + NEW + "/about\">it's \"here\"</a>\t{\"url\":\"" + NEW
                        + "/x\",\"escaped\":\"https:\\/\\/staging.example.test\"}\n");
    }

    @Test
    void leavesBlobsAndRowsWithoutTheUrlAsTheyWere() throws Exception {
        // then
        String query = "SELECT ID, HEX(thumb), guid, post_content, meta FROM wp_posts ORDER BY ID";
        assertThat(Cli.sql(target, query).lines().toList().get(1)).isEqualTo(Cli.sql(source, query).lines().toList().get(1));
        assertThat(Cli.sql(target, "SELECT HEX(thumb) FROM wp_posts WHERE ID = 10").strip()).isEqualTo(BLOB);
        assertThat(Cli.sql(target, "SELECT COUNT(*) FROM wp_log").strip()).isEqualTo("0");
    }

    @Test
    void keepsTheSerializedOptionValidForPhpWithTheNewUrl() throws Exception {
        // given
        byte[] value = HexFormat.of().parseHex(
                Cli.sql(target, "SELECT HEX(option_value) FROM wp_options WHERE option_id = 2").strip());

        // when
        String php = new String(Cli.ok(value, "php", "-r", "$v = unserialize(stream_get_contents(STDIN)); "
                + "var_export($v !== false); echo \"\\n\", json_encode($v, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);"),
                StandardCharsets.UTF_8);

        // then
        assertThat(php).startsWith("true\n");
        assertThat(php).contains("\"home\":\"" + NEW + "\"", "\"" + NEW + "/a\"", "\"deep\":\"" + NEW + "/café ☕\"",
                "\"title\":\"café ☕\"", "\"it's \\\"quoted\\\"; {x}\"").doesNotContain(OLD);
    }

    @Test
    void keepsAPageBuildersJsonValidWithEachUrlMappedInItsEscapedForm() throws Exception {
        // when: MariaDB's own JSON parser reads the post back
        String read = Cli.sql(target, "SELECT JSON_VALID(post_content), JSON_VALUE(post_content, '$[0].settings.link.url'),"
                + " JSON_VALUE(post_content, '$[0].settings.home') FROM wp_posts WHERE ID = 12");
        String raw = Cli.sql(target, "SELECT post_content FROM wp_posts WHERE ID = 12");

        // then
        assertThat(read).isEqualTo("1\t" + NEW_SITEURL + "/wp-content/uploads/café.jpg\t" + NEW + "/\n");
        assertThat(raw).contains(json(NEW_SITEURL) + "\\/wp-content", json(NEW) + "\\/\"").doesNotContain("blog.example");
    }

    @Test
    void keepsASerializedOptionHoldingJsonValidForPhpWithEachUrlMapped() throws Exception {
        // given
        byte[] value = HexFormat.of().parseHex(
                Cli.sql(target, "SELECT HEX(option_value) FROM wp_options WHERE option_id = 5").strip());

        // when: PHP unserializes it, then decodes the JSON inside
        String php = new String(Cli.ok(value, "php", "-r", "$v = unserialize(stream_get_contents(STDIN)); "
                + "var_export($v !== false); $v['css'] = json_decode($v['css'], true); "
                + "echo \"\\n\", json_encode($v, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);"), StandardCharsets.UTF_8);

        // then
        assertThat(php).isEqualTo("true\n{\"css\":{\"bg\":\"" + NEW_SITEURL + "/wp-content/uploads/☕.jpg\",\"link\":\"" + NEW
                + "/shop\"},\"admin\":\"" + NEW_SITEURL + "/wp-admin/\"}");
        assertThat(new String(value, StandardCharsets.UTF_8)).contains(json(NEW_SITEURL) + "\\/wp-content");
    }

    @Test
    void makesTheLoadingUserTheDefinerOfEveryProgram() throws Exception {
        // when
        String definers = Cli.sql(null, "SELECT DEFINER FROM information_schema.VIEWS WHERE TABLE_SCHEMA = '" + target
                + "' UNION ALL SELECT DEFINER FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = '" + target
                + "' UNION ALL SELECT DEFINER FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = '" + target
                + "' UNION ALL SELECT DEFINER FROM information_schema.EVENTS WHERE EVENT_SCHEMA = '" + target + "'");

        // then
        assertThat(definers).isEqualTo("root@localhost\n".repeat(4));
        assertThat(Cli.sql(null, "SELECT ROUTINE_DEFINITION FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = '"
                + target + "'")).contains("'DEFINER=`x`@`y`'", "'" + OLD + "'");
    }

    @Test
    void changesOnlyTheLinesWithADefinerOrTheUrlInData() {
        // given
        List<String> before = lines(dump);
        List<String> after = lines(rewritten);
        List<Integer> changed = new ArrayList<>();
        List<Integer> expected = new ArrayList<>();

        // when
        for (int i = 0; i < before.size(); i++) {
            String line = before.get(i);
            boolean data = line.startsWith("(") || line.startsWith("INSERT ");
            if (line.contains(SITE_DEFINER) || (data && (line.contains(iso(OLD)) || line.contains(dumped(json(OLD)))))) {
                expected.add(i);
            }
            if (i < after.size() && !line.equals(after.get(i))) {
                changed.add(i);
            }
        }

        // then
        assertThat(after).hasSameSizeAs(before);
        assertThat(changed).isEqualTo(expected).hasSize(10);
        for (int i : changed) {
            String line = before.get(i);
            String expectedLine = line.contains(SITE_DEFINER) ? line.replace(SITE_DEFINER, "DEFINER=CURRENT_USER")
                    : line.contains(",'a:") ? after.get(i) : mapped(line);
            assertThat(after.get(i)).isEqualTo(expectedLine).doesNotContain(SITE_DEFINER);
        }
    }

    /**
     * A dump line with both URLs mapped, plain and JSON-escaped, as mysqldump writes them: longest
     * first, which one replace after the other does here as no new URL holds an old one.
     */
    private static String mapped(String line) {
        return line.replace(iso(SITEURL), iso(NEW_SITEURL)).replace(iso(OLD), iso(NEW))
                .replace(dumped(json(SITEURL)), dumped(json(NEW_SITEURL))).replace(dumped(json(OLD)), dumped(json(NEW)));
    }

    /** A URL as json_encode() writes it. */
    private static String json(String url) {
        return url.replace("/", "\\/");
    }

    /** A text as mysqldump writes it in a string literal, as far as these URLs go (backslashes doubled). */
    private static String dumped(String text) {
        return iso(text).replace("\\", "\\\\");
    }

    private String schema(String serializedBase64, String kitBase64, String builderBase64) {
        return """
                CREATE DATABASE `%1$s` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
                USE `%1$s`;
                CREATE TABLE wp_options (option_id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
                    option_name VARCHAR(191) NOT NULL, option_value LONGTEXT NOT NULL,
                    autoload VARCHAR(20) NOT NULL DEFAULT 'yes');
                CREATE TABLE wp_posts (ID BIGINT PRIMARY KEY, guid VARCHAR(255), post_content LONGTEXT, meta JSON,
                    thumb BLOB);
                CREATE TABLE wp_log (id INT AUTO_INCREMENT PRIMARY KEY, note VARCHAR(255));
                INSERT INTO wp_options VALUES (1, 'siteurl', '%2$s/wp', 'yes'),
                    (2, 'widget_complex', CONVERT(FROM_BASE64('%3$s') USING utf8mb4), 'yes'),
                    (3, 'blogname', 'Café ☕ blog', 'yes'), (4, 'home', '%2$s', 'yes'),
                    (5, 'elementor_kit', CONVERT(FROM_BASE64('%5$s') USING utf8mb4), 'yes');
                INSERT INTO wp_posts VALUES
                    (10, '%2$s/?p=10', '<a href="%2$s/about">it''s "here"</a>',
                        '{"url":"%2$s/x","escaped":"https:\\\\/\\\\/blog.example.test"}', 0x%4$s),
                    (11, 'https://blog.example.org/?p=11', 'no URL here',
                        '{"escaped":"https:\\\\/\\\\/blog.example.org"}', NULL),
                    (12, '%2$s/?p=12', CONVERT(FROM_BASE64('%6$s') USING utf8mb4), NULL, NULL);
                CREATE DEFINER=`bb_wp`@`localhost` VIEW wp_public AS SELECT ID, guid FROM wp_posts;
                CREATE DEFINER=`bb_wp`@`localhost` TRIGGER wp_posts_log AFTER INSERT ON wp_posts FOR EACH ROW
                    INSERT INTO wp_log (note) VALUES (CONCAT('new post ', NEW.ID));
                CREATE DEFINER=`bb_wp`@`localhost` PROCEDURE wp_home() SELECT 'DEFINER=`x`@`y`', '%2$s';
                CREATE DEFINER=`bb_wp`@`localhost` EVENT wp_cron ON SCHEDULE EVERY 1 DAY DISABLE
                    DO DELETE FROM wp_log;
                """.formatted(source, OLD, serializedBase64, BLOB, kitBase64, builderBase64);
    }

    /** A WordPress-like widget option, serialized by PHP itself. */
    private static String serializedOption() throws Exception {
        String php = "echo base64_encode(serialize(['home' => '" + OLD + "', 'widgets' => ['title' => 'café ☕',"
                + " 'links' => ['" + OLD + "/a', 'it\\'s \"quoted\"; {x}'], 'nested' => ['deep' => '" + OLD
                + "/café ☕']], 'count' => 3, 'ratio' => 0.5, 'on' => true]));";
        return new String(Cli.ok(null, "php", "-r", php), StandardCharsets.UTF_8);
    }

    /** An option holding a page builder's CSS settings as JSON (URLs escaped), serialized by PHP itself. */
    private static String serializedKit() throws Exception {
        String php = "echo base64_encode(serialize(['css' => json_encode(['bg' => '" + SITEURL
                + "/wp-content/uploads/☕.jpg', 'link' => '" + OLD + "/shop'], JSON_UNESCAPED_UNICODE),"
                + " 'admin' => '" + SITEURL + "/wp-admin/']));";
        return new String(Cli.ok(null, "php", "-r", php), StandardCharsets.UTF_8);
    }

    /** A page builder's post content, JSON with its slashes escaped, as json_encode() writes it. */
    private static String builderJson() {
        String json = "[{\"elType\":\"widget\",\"settings\":{\"link\":{\"url\":\"" + json(SITEURL)
                + "\\/wp-content\\/uploads\\/café.jpg\"},\"home\":\"" + json(OLD) + "\\/\"}}]";
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> lines(byte[] dump) {
        return List.of(new String(dump, StandardCharsets.ISO_8859_1).split("\n", -1));
    }

    private static String iso(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }
}
