package org.backupbatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the restore tests share: site files for a source and a target in one home, the backup
 * run that gives an id, the summary's tokens, databases made as root, shell changes to a site
 * folder, and PHP (the real {@code php} CLI) for wp-config.php defines and serialized values.
 */
final class RestoreFixtures {

    static final Path FIXTURE = Path.of("src/test/resources/fixtures/wordpress.sql");
    static final String BLOG_URL = "https://blog.example.test";
    static final String STAGING_URL = "https://staging.example.test";

    private static final Pattern TOKEN = Pattern.compile("(?:^| )([a-z_]+)=(\"(?:[^\"\\\\]|\\\\.)*\"|\\S*)");

    private RestoreFixtures() {
    }

    /** The environment of every run: the database password the site files name as a placeholder. */
    static Map<String, String> env() {
        return Map.of("BB_IT_DB_PASSWORD", TestEnv.dbPassword());
    }

    /** A WordPress site with an explicit database section. */
    static String wordpressYaml(Path folder, String url, String database) {
        return "site:\n  app_type: wordpress\n  url: " + url + "\n" + TestEnv.sshYaml()
                + "files:\n  remote_path: " + folder + "\n"
                + "database:\n  name: " + database + "\n  user: " + TestEnv.dbUser() + "\n"
                + "  password: ${BB_IT_DB_PASSWORD}\n"
                + "backup:\n  destination: backups\n";
    }

    /** A site without a database, with these exclude patterns (a YAML flow list). */
    static String filesOnlyYaml(Path folder, String excludes) {
        return "site:\n  app_type: custom\n" + TestEnv.sshYaml()
                + "files:\n  remote_path: " + folder + "\n  exclude_patterns: " + excludes + "\n"
                + "backup:\n  destination: backups\n";
    }

    /** Adds {@code jobs/<site>.yaml} to a home (sites share one home). */
    static Path addSite(Path home, String site, String yaml) throws Exception {
        return RemoteSite.home(home, site, yaml);
    }

    /** Backs a site up and returns the backup id. */
    static String backup(Path home, String site) {
        Processes.Result run = Processes.backupBatch(home, env(), "job=backup", "site=" + site);
        assertThat(run.exit()).as("backup of " + site + ": " + run).isZero();
        String id = token(run.summary(), "id");
        assertThat(id).as(run.summary()).matches("\\d{8}T\\d{6}Z");
        return id;
    }

    /** {@code job=restore} with these words, in the environment of {@link #env()}. */
    static Processes.Result restore(Path home, String... words) {
        java.util.List<String> all = new java.util.ArrayList<>(List.of("job=restore"));
        all.addAll(List.of(words));
        return Processes.backupBatch(home, env(), all.toArray(String[]::new));
    }

    static Path archive(Path home, String site, String id) {
        return home.resolve("backups").resolve(site).resolve("backup-" + site + "-" + id + ".tar.gz");
    }

    static Path manifest(Path home, String site, String id) {
        return home.resolve("backups").resolve(site).resolve("backup-" + site + "-" + id + ".manifest.json");
    }

    /** A token of a summary line, unquoted; null when absent. */
    static String token(String summary, String key) {
        Matcher m = TOKEN.matcher(summary);
        while (m.find()) {
            if (m.group(1).equals(key)) {
                String value = m.group(2);
                if (value.startsWith("\"")) {
                    return value.substring(1, value.length() - 1).replaceAll("\\\\(.)", "$1");
                }
                return value;
            }
        }
        return null;
    }

    /** A fresh database, made as root. */
    static void createDatabase(String name) {
        Database.sql("CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
    }

    static void dropDatabases(String... names) {
        StringBuilder sql = new StringBuilder();
        for (String name : names) {
            sql.append("DROP DATABASE IF EXISTS `").append(name).append("`;");
        }
        Database.sql(sql.toString());
    }

    /** Runs a shell script as root in a site folder, then gives everything back to the test user. */
    static void change(Path folder, String script) {
        Processes.check(List.of("sh", "-ec", script), folder);
        Processes.check(List.of("chown", "-R", "-h", TestEnv.sshUser() + ":" + TestEnv.sshUser(), folder.toString()),
                null);
    }

    /** A column's value, exact bytes (read as hex with the mariadb client, as root). */
    static byte[] value(String database, String select) {
        String hex = Database.sql("SELECT HEX((" + select + ")) FROM DUAL").strip();
        assertThat(hex).as(database + ": " + select).isNotEqualTo("NULL").isNotEmpty();
        return HexFormat.of().parseHex(hex);
    }

    static String option(String database, String name) {
        return new String(value(database, "SELECT option_value FROM `" + database + "`.wp_options WHERE option_name='"
                + name + "'"), StandardCharsets.UTF_8);
    }

    /**
     * PHP's {@code unserialize} of a value: its JSON encoding, or null when unserialize returns
     * false (a broken serialized string, e.g. a wrong byte length).
     */
    static String unserialize(byte[] serialized) {
        Processes.Result php = Processes.run(List.of("php", "-r",
                "$v = stream_get_contents(STDIN); $u = @unserialize($v);"
                        + " if ($u === false && $v !== 'b:0;') { echo 'UNSERIALIZE_FAILED'; exit(0); }"
                        + " echo json_encode($u, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);"),
                null, Map.of(), serialized);
        assertThat(php.exit()).as(php.toString()).isZero();
        return php.stdout().equals("UNSERIALIZE_FAILED") ? null : php.stdout();
    }

    /**
     * The values the DB_* defines of a wp-config.php give PHP, evaluated by the real {@code php}
     * from those define lines only (the rest of the file needs WordPress).
     */
    static Map<String, String> dbDefines(String wpConfig) throws Exception {
        StringBuilder php = new StringBuilder("<?php\n");
        for (String line : wpConfig.split("\n", -1)) {
            if (isDbDefine(line)) {
                php.append(line).append('\n');
            }
        }
        php.append("foreach (['DB_NAME', 'DB_USER', 'DB_PASSWORD', 'DB_HOST'] as $k) {"
                + " echo $k, '=', defined($k) ? constant($k) : '<undefined>', \"\\0\"; }\n");
        Path script = Files.createTempFile("bb-it-wpconfig", ".php");
        try {
            Files.writeString(script, php.toString(), StandardCharsets.UTF_8);
            Processes.Result run = Processes.run(List.of("php", script.toString()), null, Map.of(), null);
            assertThat(run.exit()).as(run.toString()).isZero();
            Map<String, String> values = new java.util.TreeMap<>();
            for (String pair : run.stdout().split("\0")) {
                if (!pair.isEmpty()) {
                    values.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
                }
            }
            return values;
        } finally {
            Files.delete(script);
        }
    }

    /** Whether a line of wp-config.php is the define of DB_NAME, DB_USER, DB_PASSWORD or DB_HOST. */
    static boolean isDbDefine(String line) {
        return line.matches("\\s*define\\s*\\(\\s*['\"]DB_(NAME|USER|PASSWORD|HOST)['\"].*");
    }

    /** The test site's wp-config.php with other DB_NAME, DB_USER and DB_PASSWORD (PHP single quotes). */
    static void writeWpConfig(Path folder, String name, String user, String password) throws Exception {
        String config = Files.readString(TestEnv.sshHome().resolve("www/wp-config.php"), StandardCharsets.ISO_8859_1);
        StringBuilder out = new StringBuilder();
        for (String line : config.split("\n", -1)) {
            if (line.startsWith("define( 'DB_NAME'")) {
                line = "define( 'DB_NAME', " + php(name) + " );";
            } else if (line.startsWith("define( 'DB_USER'")) {
                line = "define( 'DB_USER', " + php(user) + " );";
            } else if (line.startsWith("define( 'DB_PASSWORD'")) {
                line = "define( 'DB_PASSWORD', " + php(password) + " );";
            }
            out.append(line).append('\n');
        }
        Path file = folder.resolve("wp-config.php");
        Files.writeString(file, out.substring(0, out.length() - 1), StandardCharsets.ISO_8859_1);
        Processes.check(List.of("chown", TestEnv.sshUser() + ":" + TestEnv.sshUser(), file.toString()), null);
        Processes.check(List.of("chmod", "640", file.toString()), null);
    }

    private static String php(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
