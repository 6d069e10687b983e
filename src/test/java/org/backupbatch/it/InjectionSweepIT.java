package org.backupbatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.backupbatch.archive.FileSelector;
import org.backupbatch.archive.PathRecord;
import org.backupbatch.archive.PathSorter;
import org.backupbatch.archive.SortedPaths;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.config.SiteConfigLoader;
import org.backupbatch.it.ByteTree.Entry;
import org.backupbatch.remote.DatabaseDumper;
import org.backupbatch.remote.DatabaseLoader;
import org.backupbatch.remote.DatabaseSettings;
import org.backupbatch.remote.FilesRestorer;
import org.backupbatch.remote.FilesStreamer;
import org.backupbatch.remote.RemoteChecks;
import org.backupbatch.remote.RemoteListing;
import org.backupbatch.remote.RemoteSql;
import org.backupbatch.remote.SiteShells;
import org.backupbatch.remote.TableSelection;
import org.backupbatch.ssh.Shell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The injection property test's sweep: many more hostile database names, users, passwords, table
 * names, values and folder paths than one jar run can take, each carried by a real site file
 * (YAML, placeholders) and sent through the remote commands the jobs build (the same classes,
 * called here without the jar's start-up), over one session of the real sshd. The remote side
 * must receive each value literally: {@code CURRENT_USER()}, {@code DATABASE()}, the dumped and
 * loaded rows, the listed, streamed, extracted, written and deleted names are compared byte for
 * byte; no marker command may run. Seeds: {@link HostileStrings}.
 */
class InjectionSweepIT {

    private static final int USERS_PER_SEED = Integer.getInteger("bb.inject.users", 8);
    private static final int FOLDERS_PER_SEED = Integer.getInteger("bb.inject.folders", 6);
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @TempDir
    Path tmp;
    private final List<Path> folders = new ArrayList<>();

    @BeforeAll
    static void announce() {
        System.err.println("InjectionSweepIT: " + HostileStrings.replay(InjectionIT.SEEDS));
    }

    @AfterEach
    void cleanUp() {
        folders.forEach(RemoteSite::delete);
    }

    @Test
    void hostileDatabaseNamesUsersPasswordsTablesAndValuesReachMariadbLiterally() throws Exception {
        String why = HostileStrings.replay(InjectionIT.SEEDS);
        try (HostileDatabase root = new HostileDatabase()) {
            // given: per seed, databases with a hostile name, each with its own hostile user and password
            List<Account> accounts = new ArrayList<>();
            Map<String, String> env = new HashMap<>();
            for (long seed : InjectionIT.SEEDS) {
                HostileStrings gen = new HostileStrings(seed, InjectionIT.TOKEN);
                for (int i = 0; i < USERS_PER_SEED; i++) {
                    Account account = Account.make(root, gen, accounts.size());
                    accounts.add(account);
                    env.put(account.variable(), account.password);
                    RestoreFixtures.addSite(tmp, account.site(), account.yaml());
                }
            }
            SiteConfigLoader loader = new SiteConfigLoader(tmp, env);
            try (Shell shell = SiteShells.open(loader.load(accounts.get(0).site()))) {
                for (Account account : accounts) {
                    // when
                    SiteConfig.Database db = loader.load(account.site()).database();
                    String context = why + "\n" + account;
                    // then
                    assertThatCode(() -> new RemoteChecks(shell).databaseLogin(db)).as(context + ": the validate step's login")
                            .doesNotThrowAnyException();
                    assertThat(new RemoteSql(shell, db).query("SELECT HEX(CURRENT_USER()), HEX(DATABASE())"))
                            .as(context).containsExactly(hex(account.user + "@localhost") + "\t" + hex(account.database));
                    account.assertValueFound(shell, db, context);
                    account.assertDumpAndLoadKeepRows(root, shell, db, tmp.resolve("work-" + account.index), context);
                }
            }
        }
        Markers.assertNone(why);
    }

    @Test
    void hostileFolderPathsAndNamesAreListedStreamedExtractedWrittenAndDeletedLiterally() throws Exception {
        String why = HostileStrings.replay(InjectionIT.SEEDS);
        Path base = InjectionIT.newBase("sweep", folders);
        List<Folder> all = new ArrayList<>();
        Map<String, String> env = Map.of();
        for (long seed : InjectionIT.SEEDS) {
            HostileStrings gen = new HostileStrings(seed, InjectionIT.TOKEN);
            for (int i = 0; i < FOLDERS_PER_SEED; i++) {
                // given: a folder whose path and names are hostile, given to the tool in a site file
                Folder folder = Folder.make(base, gen, all.size());
                all.add(folder);
                RestoreFixtures.addSite(tmp, folder.site(), folder.yaml());
            }
        }
        SiteConfigLoader loader = new SiteConfigLoader(tmp, env);
        try (Shell shell = SiteShells.open(loader.load(all.get(0).site()))) {
            for (Folder folder : all) {
                // when
                String path = loader.load(folder.site()).files().remotePath();
                String context = why + "\n" + folder;
                // then
                assertThat(path).as(context + ": the path read from the site file").isEqualTo(folder.source.toString());
                folder.assertChecksAndListing(shell, path, tmp.resolve("work-" + folder.index), context);
                folder.assertStreamedThenExtractedThenWrittenThenDeleted(shell, path,
                        tmp.resolve("work-" + folder.index), context);
            }
        }
        Markers.assertNone(why);
    }

    private static String hex(String text) {
        return HexFormat.of().withUpperCase().formatHex(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A site folder whose path and entries are hostile, and a copy's path beside it. */
    static final class Folder {
        private static final byte[] WP_CONFIG = "<?php define('DB_NAME', '$(touch /tmp/x)');\n\0\u00ff"
                .getBytes(StandardCharsets.UTF_8);
        int index;
        Path source;
        Path copy;
        String written;
        SortedMap<String, Entry> tree;

        static Folder make(Path base, HostileStrings gen, int index) throws Exception {
            Folder f = new Folder();
            f.index = index;
            Path parent = base.resolve(index + gen.text(40, false));
            f.source = parent.resolve(gen.text(40, false));
            f.copy = parent.resolve("copy" + index + gen.text(40, false));
            f.written = gen.text(40, false);
            f.tree = new TreeMap<>(HostileSite.tree(List.of(gen), 12));
            f.tree.put("./wp-config.php", new Entry('f', 0640, 1_500_000_000L, WP_CONFIG));
            InjectionIT.make(f.source, f.tree);
            return f;
        }

        String site() {
            return "folder" + index;
        }

        String yaml() {
            return "site:\n  app_type: custom\n" + TestEnv.sshYaml()
                    + "files:\n  remote_path: " + YamlQuote.quoted(source.toString()) + "\n";
        }

        /** The validate step's checks, wp-config.php read, the folder listed as find gives it. */
        void assertChecksAndListing(Shell shell, String path, Path work, String context) throws Exception {
            assertThat(new RemoteChecks(shell).tools(path, false)).as(context).containsKeys("tar", "gzip", "find");
            assertThat(DatabaseSettings.readWpConfig(path, shell)).as(context + ": wp-config.php").isEqualTo(WP_CONFIG);
            Set<String> listed = new TreeSet<>();
            try (SortedPaths paths = new RemoteListing(shell, TIMEOUT).selected(path,
                    List.of(new FileSelector(List.of(), List.of())), work);
                    SortedPaths.Reader reader = paths.reader()) {
                for (PathRecord p = reader.next(); p != null; p = reader.next()) {
                    listed.add(p.path());
                }
            }
            assertThat(listed).as(context + ": the listing").isEqualTo(ByteTree.read(source).keySet());
        }

        /**
         * Streamed as a backup does, extracted into the copy's path as a restore does: equal trees;
         * a file with a hostile name written into it; then everything but half the tree deleted by
         * the mirror rule.
         */
        void assertStreamedThenExtractedThenWrittenThenDeleted(Shell shell, String path, Path work, String context)
                throws Exception {
            FilesStreamer.Result streamed = new FilesStreamer(shell, TIMEOUT, 6).stream(path, List.of(), List.of(),
                    "backup-20261130T000000Z", work);
            FilesRestorer restorer = new FilesRestorer(shell, TIMEOUT);
            try (InputStream gz = Files.newInputStream(streamed.gzFile())) {
                restorer.extract(gz, copy.toString(), List.of());
            }
            SortedMap<String, Entry> original = ByteTree.read(source);
            assertThat(HostileSite.differences(original, ByteTree.read(copy), original.keySet(), 10))
                    .as(context + ": the extracted copy").isEmpty();
            byte[] content = written.getBytes(StandardCharsets.UTF_8);
            restorer.install(copy.toString(), written, content, 0640, 1_600_000_000L);
            String name = "./" + HostileSite.latin(content);
            assertThat(ByteTree.read(copy).get(name)).as(context + ": the file written").isNotNull()
                    .extracting(Entry::describe).isEqualTo(new Entry('f', 0640, 1_600_000_000L, content).describe());
            List<String> kept = new ArrayList<>(original.keySet()).subList(0, original.size() / 2);
            try (PathSorter sorter = new PathSorter(work.resolve("kept"))) {
                for (String p : kept) {
                    sorter.add(PathRecord.of(p));
                }
                try (SortedPaths keep = sorter.finish()) {
                    restorer.deleteOthers(copy.toString(), List.of(new FileSelector(List.of(), List.of())), keep, work);
                }
            }
            Set<String> left = ByteTree.read(copy).keySet();
            assertThat(left).as(context + ": what the mirror kept").containsAll(kept).doesNotContain(name);
            left.removeAll(kept);
            assertThat(left).as(context + ": left only as folders not empty").allMatch(p ->
                    kept.stream().anyMatch(k -> k.startsWith(p + "/")));
        }

        @Override
        public String toString() {
            return "folder " + ByteTree.printable(source.toString()) + ", copy " + ByteTree.printable(copy.toString())
                    + ", written " + ByteTree.printable(written);
        }
    }

    /** A database with a hostile name, a table of the prefix and one outside it, its own user. */
    static final class Account {
        int index;
        String database;
        String user;
        String password;
        String prefix;
        String table;
        String otherTable;
        String textColumn;
        String value;

        static Account make(HostileDatabase root, HostileStrings gen, int index) throws Exception {
            Account a = new Account();
            a.index = index;
            a.database = gen.identifier(40);
            a.user = gen.identifier(40);
            a.password = index % 5 == 4 ? gen.text(200, true) : gen.text(40, true);
            a.prefix = gen.identifier(6);
            a.table = a.prefix + gen.identifier(30);
            String other = gen.identifier(30);
            a.otherTable = other.startsWith(a.prefix) ? "x" + other : other;
            a.value = gen.text(60, true);
            root.createDatabase(a.database);
            root.createUser(a.user, a.password, a.database);
            a.textColumn = gen.identifier(20);
            root.createTable(a.database, a.table, gen.identifier(20), a.textColumn);
            root.createTable(a.database, a.otherTable, gen.identifier(20), gen.identifier(20));
            byte[] bytes = new byte[256];
            for (int b = 0; b < bytes.length; b++) {
                bytes[b] = (byte) b;
            }
            root.insert(a.database, a.table, 1, bytes, a.value);
            root.insert(a.database, a.table, 2, new byte[0], a.value + "\0" + a.value);
            root.insert(a.database, a.otherTable, 1, bytes, a.value);
            return a;
        }

        String site() {
            return "db" + index;
        }

        String variable() {
            return "BB_INJ_PW_" + index;
        }

        String yaml() {
            return "site:\n  app_type: custom\n" + TestEnv.sshYaml()
                    + "files:\n  remote_path: /nonexistent\n"
                    + "database:\n  name: " + YamlQuote.quoted(database) + "\n  user: " + YamlQuote.quoted(user)
                    + "\n  password: ${" + variable() + "}\n  tables: prefix\n  table_prefix: "
                    + YamlQuote.quoted(prefix) + "\n";
        }

        /** A query naming the table and column as identifiers and the value as a SQL literal finds its row. */
        void assertValueFound(Shell shell, SiteConfig.Database db, String context) throws Exception {
            List<String> found = new RemoteSql(shell, db).query("SELECT id FROM " + RemoteSql.identifier(table)
                    + " WHERE " + RemoteSql.identifier(textColumn) + " = " + RemoteSql.literal(value));
            assertThat(found).as(context + ": the row found by its value").containsExactly("1");
            List<String> strict = new RemoteSql(shell, db).query("SET SESSION sql_mode = "
                    + "CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES'); SELECT COUNT(*) FROM " + RemoteSql.identifier(table)
                    + " WHERE " + RemoteSql.identifier(textColumn) + " = " + RemoteSql.literal(value));
            assertThat(strict).as(context + ": with NO_BACKSLASH_ESCAPES a backslash reads doubled, but a quote "
                    + "still closes nothing").containsExactly(value.contains("\\") ? "0" : "1");
        }

        /** The prefix's table is dumped alone and loads back with the same rows. */
        void assertDumpAndLoadKeepRows(HostileDatabase root, Shell shell, SiteConfig.Database db, Path work,
                String context) throws Exception {
            Files.createDirectories(work);
            List<String> before = root.rows(database, table);
            DatabaseDumper.Result dump = new DatabaseDumper(shell, TIMEOUT, 6).dump(db, TableSelection.prefix(prefix),
                    false, work);
            assertThat(dump.rows()).as(context + ": the dump's tables").containsExactly(Map.entry(table, 2L));
            assertThat(dump.tablesLeftOut()).as(context).containsExactly(otherTable);
            root.dropTable(database, table);
            try (InputStream gz = Files.newInputStream(dump.gzFile())) {
                new DatabaseLoader(shell, TIMEOUT).load(db, gz);
            }
            assertThat(root.rows(database, table)).as(context + ": the loaded rows").isEqualTo(before);
        }

        @Override
        public String toString() {
            return "database " + ByteTree.printable(database) + ", user " + ByteTree.printable(user) + ", password "
                    + ByteTree.printable(password) + ", table " + ByteTree.printable(table);
        }
    }
}
