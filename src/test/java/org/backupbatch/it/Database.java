package org.backupbatch.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The test MariaDB through the real {@code mariadb} client, as root. */
final class Database {

    private Database() {
    }

    static String sql(String statements) {
        return Processes.check(List.of("mariadb", "-uroot", "-N", "-B", "-e", statements), null);
    }

    /** Loads a SQL file (DELIMITER and all) into a database, as the site's own DB user. */
    static void loadAsSiteUser(String database, Path file) throws Exception {
        Path cnf = Files.createTempFile("bb-it", ".cnf");
        Files.writeString(cnf, "[client]\nuser=" + TestEnv.dbUser() + "\npassword=\""
                + TestEnv.dbPassword().replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n");
        try {
            Processes.Result result = Processes.run(List.of("mariadb", "--defaults-file=" + cnf, database), null,
                    Map.of(), Files.readAllBytes(file));
            if (result.exit() != 0) {
                throw new AssertionError("loading " + file + " into " + database + " failed: " + result);
            }
        } finally {
            Files.delete(cnf);
        }
    }

    /** Loads a SQL file as root. */
    static void loadAsRoot(String database, Path file) throws Exception {
        Processes.Result result = Processes.run(List.of("mariadb", "-uroot", database), null, Map.of(),
                Files.readAllBytes(file));
        if (result.exit() != 0) {
            throw new AssertionError("loading " + file + " into " + database + " failed: " + result);
        }
    }

    /**
     * Each table's row count and an order-independent hash of its rows (every column as hex, NULL
     * apart), so that equal maps mean equal rows whatever their order. Generated columns are
     * included: their values must come out the same too. (CHECKSUM TABLE is not used: it is
     * unreliable on tables with stored generated columns, MDEV-22943.)
     */
    static Map<String, String> rowHashes(String database) {
        Map<String, String> hashes = new TreeMap<>();
        for (String table : lines(sql("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA='"
                + database + "' AND TABLE_TYPE='BASE TABLE'"))) {
            List<String> columns = lines(sql("SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA='"
                    + database + "' AND TABLE_NAME='" + table + "' ORDER BY ORDINAL_POSITION"));
            String row = "CONCAT_WS('|', " + String.join(", ", columns.stream()
                    .map(c -> "IFNULL(HEX(`" + c + "`), 'NULL')").toList()) + ")";
            hashes.put(table, sql("SELECT COUNT(*), IFNULL(BIT_XOR(CAST(CONV(LEFT(SHA2(" + row
                    + ", 256), 16), 16, 10) AS UNSIGNED)), 0) FROM `" + database + "`.`" + table + "`").strip());
        }
        return hashes;
    }

    /** Definitions of routines, triggers, views and events, with the database name taken out. */
    static List<String> programs(String database) {
        List<String> all = new ArrayList<>();
        all.addAll(lines(sql("SELECT CONCAT(ROUTINE_TYPE, ' ', ROUTINE_NAME, ' ', HEX(ROUTINE_DEFINITION)) FROM "
                + "information_schema.ROUTINES WHERE ROUTINE_SCHEMA='" + database + "' ORDER BY 1")));
        all.addAll(lines(sql("SELECT CONCAT('TRIGGER ', TRIGGER_NAME, ' ', EVENT_MANIPULATION, ' ', "
                + "HEX(ACTION_STATEMENT)) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA='" + database
                + "' ORDER BY 1")));
        all.addAll(lines(sql("SELECT CONCAT('VIEW ', TABLE_NAME, ' ', REPLACE(VIEW_DEFINITION, '`" + database
                + "`.', '')) FROM information_schema.VIEWS WHERE TABLE_SCHEMA='" + database + "' ORDER BY 1")));
        all.addAll(lines(sql("SELECT CONCAT('EVENT ', EVENT_NAME, ' ', STATUS, ' ', HEX(EVENT_DEFINITION)) FROM "
                + "information_schema.EVENTS WHERE EVENT_SCHEMA='" + database + "' ORDER BY 1")));
        return all;
    }

    private static List<String> lines(String text) {
        return Arrays.stream(text.split("\n")).filter(l -> !l.isBlank()).toList();
    }

    static String text(Path file) throws Exception {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
