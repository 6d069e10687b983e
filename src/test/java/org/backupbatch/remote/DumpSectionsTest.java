package org.backupbatch.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.backupbatch.ssh.CommandResult;
import org.backupbatch.ssh.LocalShell;
import org.junit.jupiter.api.Test;

/**
 * The awk program that cuts a dump into sections, run here by the local {@code sh} and
 * {@code awk} as the host runs them: the sections always make the dump again byte for byte,
 * and a section's sum is the sum of its text.
 */
class DumpSectionsTest {

    private static final String HEADER = """
            -- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)
            --
            -- Host: localhost    Database: bbincdb_x
            /*!40111 SET @OLD_SQL_NOTES=@@SQL_NOTES, SQL_NOTES=0 */;
            """;
    private static final String TABLE_A = """

            --
            -- Table structure for table `wp_a`
            --

            DROP TABLE IF EXISTS `wp_a`;
            CREATE TABLE `wp_a` (`id` int(11) DEFAULT NULL);

            --
            -- Dumping data for table `wp_a`
            --

            INSERT INTO `wp_a` VALUES
            (1),
            (2);
            UNLOCK TABLES;
            """;
    /** A trigger whose body holds lines that look like mysqldump's own, and a \r. */
    private static final String TABLE_B = """

            --
            -- Table structure for table `wp``b`
            --

            CREATE TABLE `wp``b` (`v` text);
            INSERT INTO `wp``b` VALUES ('%s'),('x\ry');
            DELIMITER ;;
            /*!50003 CREATE*/ /*!50003 trigger t before insert on `wp``b` for each row begin
            --
            set @x = 1;

            end */;;
            DELIMITER ;
            """.formatted("ab".repeat(100_000));
    private static final String EVENTS = """

            --
            -- Dumping events for database 'bbincdb_x'
            --
            """;
    private static final String FOOTER = """
            /*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;

            /*!40111 SET SQL_NOTES=@OLD_SQL_NOTES */;

            -- Dump completed
            """;
    private static final List<String> SECTIONS = List.of(HEADER, TABLE_A, TABLE_B, EVENTS, FOOTER);
    private static final String DUMP = String.join("", SECTIONS);

    @Test
    void eachSectionsSumIsTheSumOfItsText() throws Exception {
        // when
        String out = run(DumpSections.hashCommand());

        // then
        Map<Integer, String> sums = DumpSections.parseSums(List.of(out.split("\n")));
        List<String> expected = new ArrayList<>();
        SECTIONS.forEach(section -> expected.add(sha256(section)));
        assertThat(sums.keySet()).containsExactly(1, 2, 3, 4, 5);
        assertThat(new ArrayList<>(sums.values())).isEqualTo(expected);
    }

    @Test
    void sentSectionsFollowTheirControlLinesAndSkippedOnesAreOnlyHashed() throws Exception {
        // when
        String out = run(DumpSections.sendCommand(List.of(2, 4), "n0nce"));

        // then
        String expected = "n0nce send 1\n" + HEADER
                + "n0nce skip 2 " + sha256(TABLE_A) + "  -\n"
                + "n0nce send 3\n" + TABLE_B
                + "n0nce skip 4 " + sha256(EVENTS) + "  -\n"
                + "n0nce send 5\n" + FOOTER;
        assertThat(out).isEqualTo(expected);
    }

    @Test
    void nothingSkippedGivesTheDumpBackOnceTheControlLinesAreTakenOut() throws Exception {
        // when
        String out = run(DumpSections.sendCommand(List.of(), "n0nce"));

        // then
        assertThat(out.replaceAll("(?m)^n0nce send [0-9]+\n", "")).isEqualTo(DUMP);
    }

    @Test
    void aSectionIsNamedByItsCommentBlock() {
        assertThat(DumpSections.name(new String[] {"-- MariaDB dump", "--", "-- Host"}))
                .isEqualTo(new DumpSections.Name("header", null));
        assertThat(DumpSections.name(new String[] {"", "--", "-- Table structure for table `wp``b`"}))
                .isEqualTo(new DumpSections.Name("table", "wp`b"));
        assertThat(DumpSections.name(new String[] {"", "--", "-- Table structure for table `we``ird", "-- name`", "--"}))
                .as("a name with a line break").isEqualTo(new DumpSections.Name("table", "we`ird\nname"));
        assertThat(DumpSections.name(new String[] {"", "--", "-- Table structure for table `a```", "--"}))
                .isEqualTo(new DumpSections.Name("table", "a`"));
        assertThat(DumpSections.name(new String[] {"", "--", "-- Final view structure for view `v`"}))
                .isEqualTo(new DumpSections.Name("view-final", "v"));
        assertThat(DumpSections.name(new String[] {"", "--", "-- Dumping routines for database 'x'"}))
                .isEqualTo(new DumpSections.Name("routines", null));
        assertThat(DumpSections.name(new String[] {"/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;", ""}))
                .isEqualTo(new DumpSections.Name("footer", null));
    }

    @Test
    void aLineThatIsNoSumIsRefused() {
        assertThatThrownBy(() -> DumpSections.parseSums(List.of("1 abc  -")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 abc");
    }

    private static String run(String command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (LocalShell shell = new LocalShell()) {
            CommandResult result = shell.run(command, new ByteArrayInputStream(DUMP.getBytes(StandardCharsets.UTF_8)),
                    out, Duration.ofMinutes(1));
            assertThat(result.exitStatus()).as(result.stderrTail(5)).isZero();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
