package org.backupbatch.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DumpRowCounterTest {

    @Test
    void countsTheTuplesOfExtendedInsertsOverManyLines() {
        // given
        String dump = """
                CREATE TABLE `wp_posts` (
                  `ID` bigint(20) NOT NULL,
                  `post_title` text DEFAULT '(none)',
                  PRIMARY KEY (`ID`)
                );
                INSERT INTO `wp_posts` VALUES
                (1,'a),(b'),
                (2,'it\\'s (x'),(3,'it''s ;) y', 0x28292C28),
                (4,'\\\\'),(5,"dq ), ("), (6, '-- not a comment'), (7, '/* nor this'), (8, '#');
                INSERT INTO `wp_posts` VALUES (9,'DELIMITER ;;'),(10,NULL);
                """;

        // when
        Map<String, Long> counts = count(dump);

        // then
        assertThat(counts).containsExactly(Map.entry("wp_posts", 10L));
    }

    @Test
    void listsCreatedTablesWithoutRowsButNotViews() {
        // given: a MySQL 5.7 dump creates a stand-in table for a view, then the view
        String dump = """
                CREATE TABLE `empty` (`id` int);
                CREATE TABLE IF NOT EXISTS `other` LIKE `empty`;
                /*!50001 CREATE TABLE `v` (
                  `id` tinyint NOT NULL
                ) ENGINE=MyISAM */;
                INSERT INTO `other` VALUES (1);
                /*!50001 CREATE ALGORITHM=UNDEFINED */
                /*!50013 DEFINER=`bb_wp`@`localhost` SQL SECURITY DEFINER */
                /*!50001 VIEW `v` AS select `id` AS `id` from `empty` */;
                /*!50001 CREATE VIEW `v2` AS SELECT
                 1 AS `id` */;
                """;

        // when
        Map<String, Long> counts = count(dump);

        // then
        assertThat(counts).containsExactly(Map.entry("empty", 0L), Map.entry("other", 1L));
    }

    @Test
    void ignoresInsertsInCommentsAndInTriggerAndRoutineBodies() {
        // given
        String dump = """
                -- INSERT INTO `t` VALUES (1);
                # INSERT INTO `t` VALUES (2);
                /* INSERT INTO `t` VALUES (3);
                   INSERT INTO `t` VALUES (4); */
                CREATE TABLE `t` (`id` int);
                CREATE TABLE `log` (`id` int);
                DELIMITER ;;
                /*!50003 CREATE*/ /*!50017 DEFINER=`a`@`b`*/ /*!50003 TRIGGER tr AFTER INSERT ON t FOR EACH ROW BEGIN
                INSERT INTO log VALUES (NEW.id); INSERT INTO log VALUES (1),(2); END */;;
                DELIMITER $$
                CREATE PROCEDURE p() BEGIN INSERT INTO log VALUES (9); END$$
                DELIMITER ;
                INSERT INTO `t` VALUES (5),(6);
                """;

        // when
        Map<String, Long> counts = count(dump);

        // then
        assertThat(counts).containsExactly(Map.entry("t", 2L), Map.entry("log", 0L));
    }

    @Test
    void readsInsertVariantsAndQuotedNames() {
        // given
        String dump = """
                INSERT IGNORE INTO `we``ird` (`a`, `b)`) VALUES (1, '('), (2, ')');
                REPLACE INTO plain VALUES (1);
                INSERT INTO `db`.`qualified` VALUES (1),(2),(3);
                INSERT INTO `t` VALUES (1, 2) ON DUPLICATE KEY UPDATE b = VALUES(b);
                INSERT INTO `copy` SELECT * FROM `t`;
                """;

        // when
        Map<String, Long> counts = count(dump);

        // then
        assertThat(counts).containsExactly(Map.entry("we`ird", 2L), Map.entry("plain", 1L),
                Map.entry("qualified", 3L), Map.entry("t", 1L));
    }

    @Test
    void agreesWithCountStarOnARealDumpOfTrickyStrings() throws Exception {
        // given: rows whose strings hold SQL syntax, in dumps with one INSERT per table, several
        // (a small net buffer) and one per row
        String database = Cli.freshDatabaseName();
        try {
            Cli.sql(null, "CREATE DATABASE `" + database + "` CHARACTER SET utf8mb4");
            Cli.sql(database, trickyTables());
            Map<String, Long> expected = new LinkedHashMap<>();
            for (String table : List.of("empty", "tricky", "wide")) {
                expected.put(table, Long.valueOf(Cli.sql(database, "SELECT COUNT(*) FROM `" + table + "`").strip()));
            }
            for (List<String> flags : List.of(List.<String>of(), List.of("--net-buffer-length=4096"),
                    List.of("--skip-extended-insert"))) {
                // when
                Map<String, Long> counts = count(dump(database, flags));

                // then
                assertThat(counts).as("counts with %s", flags).isEqualTo(expected);
            }
            assertThat(expected.get("tricky")).isEqualTo(15L);
        } finally {
            Cli.sql(null, "DROP DATABASE IF EXISTS `" + database + "`");
        }
    }

    private static String trickyTables() {
        StringBuilder sql = new StringBuilder("""
                CREATE TABLE `empty` (id INT);
                CREATE TABLE `tricky` (id INT AUTO_INCREMENT PRIMARY KEY, s TEXT, b BLOB);
                CREATE TABLE `wide` (id INT AUTO_INCREMENT PRIMARY KEY, s TEXT);
                CREATE VIEW `tricky_view` AS SELECT id FROM tricky;
                INSERT INTO tricky (s) VALUES ('),('), ('('), (')'), ('\\''), ('\\\\'), ('\\\\\\''), (''');'),
                    (';;'), ('\\nDELIMITER ;;\\nINSERT INTO `empty` VALUES (1);\\n'), ('-- x'), ('/* y'), ('`'),
                    ('#'), ('café ☕ )'), (NULL);
                UPDATE tricky SET b = s;
                """);
        for (int i = 0; i < 300; i++) {
            sql.append("INSERT INTO wide (s) VALUES (REPEAT('),(', 20));\n");
        }
        return sql.toString();
    }

    private static byte[] dump(String database, List<String> flags) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("mysqldump", "-uroot", "--single-transaction",
                "--quick", "--triggers", "--hex-blob", "--default-character-set=utf8mb4", "--no-tablespaces"));
        command.addAll(flags);
        command.add(database);
        return Cli.ok(null, command.toArray(String[]::new));
    }

    /** Feeds the dump line by line as the backup's dump inspector reads it (ISO-8859-1, readLine). */
    @Test
    void aLineFedInPiecesCutBetweenWordCharsCountsAsTheWholeLine() {
        // given: quotes doubled and escaped, parentheses in strings, hex values, a backquoted name
        String line = "INSERT INTO `w p` VALUES (1,'it''s (a','b\\\\'),(2,0xABCD12,'x),(y'),(3,\"dq\\\" ),(\");";
        Map<String, Long> whole = count("CREATE TABLE `w p` (`a` int);\n" + line + "\n");
        assertThat(whole).containsExactly(Map.entry("w p", 3L));
        for (int cut = 1; cut < line.length(); cut++) {
            if (!word(line.charAt(cut - 1)) || !word(line.charAt(cut))) {
                continue;
            }
            // when
            DumpRowCounter counter = new DumpRowCounter();
            counter.accept("CREATE TABLE `w p` (`a` int);");
            counter.accept(line.substring(0, cut), false);
            counter.accept(line.substring(cut), true);
            // then
            assertThat(counter.counts()).as("cut at %d", cut).isEqualTo(whole);
        }
    }

    private static boolean word(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static Map<String, Long> count(byte[] dump) throws IOException {
        DumpRowCounter counter = new DumpRowCounter();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(dump),
                StandardCharsets.ISO_8859_1))) {
            reader.lines().forEach(counter::accept);
        }
        return counter.counts();
    }

    private static Map<String, Long> count(String dump) {
        DumpRowCounter counter = new DumpRowCounter();
        dump.lines().forEach(counter::accept);
        return counter.counts();
    }
}
