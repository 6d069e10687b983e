package org.backupbatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.backupbatch.archive.Manifest;
import org.backupbatch.it.ByteTree.Entry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The injection property test, through the packaged jar, the real sshd and MariaDB: thousands of
 * hostile file and folder names in one tree, a site folder and a restore target whose paths are
 * hostile, hostile include and exclude patterns, a database, its tables, columns, table prefix,
 * user and password all hostile. One backup and one mirror restore into another site must give
 * back every selected entry byte for byte (names, contents, modes, mtimes, link targets), delete
 * exactly what the mirror rule says, load equal rows, and run no marker command.
 * {@link InjectionSweepIT} sends many more names and passwords through the same remote commands
 * without the jar's start-up cost. Seeds: {@link HostileStrings}.
 */
class InjectionIT {

    static final List<Long> SEEDS = HostileStrings.seeds();
    static final String TOKEN = Long.toString(System.currentTimeMillis(), 36);
    private static final int NAMES_PER_SEED = Integer.getInteger("bb.inject.names", 1500);
    private static final int TAKEN_TABLES = 6;
    private static final int ROWS = 4;

    @TempDir
    Path tmp;
    private final List<Path> folders = new ArrayList<>();

    @BeforeAll
    static void announce() {
        System.err.println("InjectionIT: " + HostileStrings.replay(SEEDS));
    }

    @AfterEach
    void cleanUp() {
        folders.forEach(RemoteSite::delete);
    }

    @Test
    void hostileNamesPathsPatternsAndDatabaseComeBackLiterallyThroughBackupAndMirrorRestore() throws Exception {
        // given: the tree, the target's extra files, patterns, two databases and users, all hostile
        List<HostileStrings> gens = SEEDS.stream().map(s -> new HostileStrings(s, TOKEN)).toList();
        HostileStrings first = gens.get(0);
        Path base = newBase("roundtrip", folders);
        Path source = base.resolve(first.text(40, false));
        Path target = base.resolve(first.text(40, false)).resolve(first.text(40, false));
        SortedMap<String, Entry> tree = HostileSite.tree(gens, NAMES_PER_SEED);
        assertCoversTheIngredients(tree.keySet());
        make(source, tree);
        make(target, HostileSite.extras(first, 30));
        SortedMap<String, Entry> sourceTree = ByteTree.read(source);
        assertThat(HostileSite.differences(tree, HostileSite.only(sourceTree, tree.keySet()), tree.keySet(), 5))
                .as("the tree as written").isEmpty();
        byte[] sourceListing = HostileSite.listing(source);
        HostileSite.Patterns patterns = HostileSite.patterns(gens, tree, sourceListing);
        try (HostileDatabase db = new HostileDatabase()) {
            Sql sql = Sql.make(db, first);
            String why = HostileStrings.replay(SEEDS) + "\nsource " + ByteTree.printable(source.toString())
                    + ", target " + ByteTree.printable(target.toString()) + ", " + sql;
            Map<String, List<String>> sourceRows = sql.rows(db, sql.sourceDb);
            Path home = tmp.resolve("home");
            RestoreFixtures.addSite(home, "src", siteYaml(source, patterns, sql.sourceDb, sql.sourceUser,
                    "BB_INJ_SRC_PW", sql.prefix));
            RestoreFixtures.addSite(home, "dst", siteYaml(target, patterns, sql.targetDb, sql.targetUser,
                    "BB_INJ_DST_PW", null));
            Map<String, String> env = Map.of("BB_INJ_SRC_PW", sql.sourcePassword, "BB_INJ_DST_PW", sql.targetPassword);
            SortedMap<String, Entry> targetBefore = ByteTree.read(target);
            Set<String> backupSelection = HostileSite.selected(sourceListing, patterns);
            Set<String> targetSelection = HostileSite.selected(HostileSite.listing(target), patterns);

            // when
            Processes.Result backup = Processes.backupBatch(home, env, "job=backup", "site=src");
            assertThat(backup.exit()).as(why + "\n" + backup).isZero();
            String id = RestoreFixtures.token(backup.summary(), "id");
            Processes.Result restore = Processes.backupBatch(home, env, "job=restore", "site=src", "backup=" + id,
                    "target=dst", "mode=mirror", "confirm=yes");

            // then
            assertThat(restore.exit()).as(why + "\n" + restore).isZero();
            System.err.println("InjectionIT: " + sourceTree.size() + " entries, " + backupSelection.size()
                    + " selected; " + backup.summary() + "\n" + restore.summary());
            assertOneLineEach(why, backup, restore);
            SortedMap<String, Entry> backedUp = HostileSite.only(sourceTree, backupSelection);
            SortedMap<String, Entry> expected = HostileSite.afterMirror(targetBefore, targetSelection, backedUp);
            assertThat(HostileSite.differences(expected, ByteTree.read(target), mtimesKept(backupSelection, targetBefore),
                    20)).as(why + ": the restored tree (" + backupSelection.size() + " paths selected of "
                            + sourceTree.size() + ", patterns " + patterns + ")").isEmpty();
            sql.assertRestored(db, sourceRows, why);
            sql.assertInManifest(RestoreFixtures.manifest(home, "src", id), why);
            Markers.assertNone(why);
        }
    }

    /** The summary is stdout's one line, and a log message is one line, whatever the names hold. */
    private static void assertOneLineEach(String why, Processes.Result... runs) {
        for (Processes.Result run : runs) {
            assertThat(run.stdout().strip()).as(why + ": stdout is the summary line alone").doesNotContain("\n");
            assertThat(run.stderr().lines().filter(line -> !line.matches("(?s)\\d\\d:\\d\\d:\\d\\d\\.\\d{3} [A-Z]+ .*")))
                    .as(why + ": log lines that do not start a message (a name broke a line)").isEmpty();
        }
    }

    /**
     * Where the restored tree keeps mtimes: what the backup wrote, and the target's own files (a
     * folder of the target that lost entries to the mirror has a new mtime).
     */
    private static Set<String> mtimesKept(Set<String> backupSelection, SortedMap<String, Entry> targetBefore) {
        Set<String> mtimes = new TreeSet<>(backupSelection);
        targetBefore.forEach((p, e) -> {
            if (e.type() != 'd') {
                mtimes.add(p);
            }
        });
        return mtimes;
    }

    /** The generator's names hold what the test is about (a generator gone tame would pass anything). */
    private static void assertCoversTheIngredients(Set<String> paths) {
        List<String> names = paths.stream().map(p -> p.substring(p.lastIndexOf('/') + 1)).toList();
        Predicate<String> notUtf8 = n -> {
            byte[] bytes = n.getBytes(StandardCharsets.ISO_8859_1);
            return !Arrays.equals(bytes, new String(bytes, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));
        };
        assertThat(names).as("the generated names")
                .anyMatch(n -> n.length() == 255).anyMatch(notUtf8).anyMatch(n -> n.contains("\n"))
                .anyMatch(n -> n.contains("\t")).anyMatch(n -> n.startsWith("-")).anyMatch(n -> n.startsWith(" "))
                .anyMatch(n -> n.endsWith(" ")).anyMatch(n -> n.contains("$(")).anyMatch(n -> n.contains("`"))
                .anyMatch(n -> n.contains(";")).anyMatch(n -> n.contains("'")).anyMatch(n -> n.contains("\""))
                .anyMatch(n -> n.contains("*")).anyMatch(n -> n.contains("%n")).anyMatch(n -> n.contains("\\"))
                .anyMatch(n -> n.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\t'));
    }

    /** A fresh folder under the test account's home, owned by it, added to the folders to delete. */
    static Path newBase(String name, List<Path> folders) throws Exception {
        Path it = TestEnv.sshHome().resolve("it");
        Path base = it.resolve("inject-" + name + "-" + TOKEN + "-" + System.nanoTime());
        Files.createDirectories(base);
        folders.add(base);
        Processes.check(List.of("chown", TestEnv.sshUser() + ":" + TestEnv.sshUser(), it.toString(), base.toString()),
                null);
        return base;
    }

    /** Writes a tree as root in a new folder, then gives it to the test account. */
    static void make(Path root, SortedMap<String, Entry> tree) {
        try {
            Files.createDirectories(root);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        ByteTree.write(root, tree);
        String owner = TestEnv.sshUser() + ":" + TestEnv.sshUser();
        Processes.check(List.of("chown", "-R", "-h", owner, root.getParent().toString()), null);
    }

    static String siteYaml(Path folder, HostileSite.Patterns patterns, String database, String user,
            String passwordVariable, String prefix) {
        return "site:\n  app_type: custom\n" + TestEnv.sshYaml()
                + "files:\n  remote_path: " + YamlQuote.quoted(folder.toString()) + "\n"
                + "  include_patterns: " + YamlQuote.list(patterns.includes()) + "\n"
                + "  exclude_patterns: " + YamlQuote.list(patterns.excludes()) + "\n"
                + "database:\n  name: " + YamlQuote.quoted(database) + "\n  user: " + YamlQuote.quoted(user) + "\n"
                + "  password: ${" + passwordVariable + "}\n"
                + (prefix == null ? "" : "  tables: prefix\n  table_prefix: " + YamlQuote.quoted(prefix) + "\n")
                + "backup:\n  destination: backups\n";
    }

    /**
     * The databases of the round trip: the source with tables whose names, column names and
     * values are hostile, some outside the table prefix; an empty target; a user of each with a
     * hostile name and password, each allowed its own database only.
     */
    static final class Sql {
        String sourceDb;
        String targetDb;
        String sourceUser;
        String targetUser;
        String sourcePassword;
        String targetPassword;
        String prefix;
        final List<String> taken = new ArrayList<>();
        final List<String> leftOut = new ArrayList<>();

        static Sql make(HostileDatabase db, HostileStrings gen) throws Exception {
            Sql sql = new Sql();
            sql.sourceDb = gen.identifier(40);
            sql.targetDb = gen.identifier(40);
            sql.sourceUser = gen.identifier(40);
            sql.targetUser = gen.identifier(40);
            sql.sourcePassword = gen.text(60, true);
            sql.targetPassword = gen.text(60, true);
            sql.prefix = gen.identifier(8);
            db.createDatabase(sql.sourceDb);
            db.createDatabase(sql.targetDb);
            db.createUser(sql.sourceUser, sql.sourcePassword, sql.sourceDb);
            db.createUser(sql.targetUser, sql.targetPassword, sql.targetDb);
            for (int t = 0; t < TAKEN_TABLES + 2; t++) {
                String name = gen.identifier(30);
                boolean inPrefix = t < TAKEN_TABLES;
                String table = inPrefix ? sql.prefix + name : name.startsWith(sql.prefix) ? "x" + name : name;
                (inPrefix ? sql.taken : sql.leftOut).add(table);
                db.createTable(sql.sourceDb, table, gen.identifier(30), gen.identifier(30));
                for (int r = 0; r < ROWS; r++) {
                    byte[] binary = new byte[gen.random().nextInt(400)];
                    gen.random().nextBytes(binary);
                    String text = gen.text(80, true) + (r % 2 == 0 ? "\0" + gen.text(20, true) : "");
                    db.insert(sql.sourceDb, table, r, binary, text);
                }
            }
            return sql;
        }

        @Override
        public String toString() {
            return "source database " + ByteTree.printable(sourceDb) + " user " + ByteTree.printable(sourceUser)
                    + ", target database " + ByteTree.printable(targetDb) + " user " + ByteTree.printable(targetUser)
                    + ", table prefix " + ByteTree.printable(prefix);
        }

        /** The manifest names the dumped tables by their exact names, and those left out. */
        void assertInManifest(Path sidecar, String why) throws Exception {
            Manifest manifest = Manifest.fromJson(Files.readAllBytes(sidecar));
            assertThat(manifest.database().rows().keySet()).as(why + ": the manifest's tables")
                    .containsExactlyInAnyOrderElementsOf(taken);
            assertThat(manifest.database().tablesLeftOut()).as(why).containsExactlyInAnyOrderElementsOf(leftOut);
            assertThat(manifest.database().tablePrefix()).as(why).isEqualTo(prefix);
        }

        Map<String, List<String>> rows(HostileDatabase db, String database) throws Exception {
            Map<String, List<String>> rows = new TreeMap<>();
            for (String table : db.tables(database)) {
                rows.put(table, db.rows(database, table));
            }
            return rows;
        }

        /** The target holds the prefix's tables with equal rows, nothing else; the source is untouched. */
        void assertRestored(HostileDatabase db, Map<String, List<String>> sourceRows, String why) throws Exception {
            SortedSet<String> restored = db.tables(targetDb);
            assertThat(restored).as(why + ": the target's tables").containsExactlyInAnyOrderElementsOf(taken);
            Map<String, List<String>> expected = new HashMap<>(sourceRows);
            expected.keySet().retainAll(taken);
            assertThat(rows(db, targetDb)).as(why + ": the restored rows").isEqualTo(expected);
            assertThat(rows(db, sourceDb)).as(why + ": the source's rows").isEqualTo(sourceRows);
        }
    }
}
