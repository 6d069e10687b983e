package org.backupbatch.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A read-only connection to a site's job repository for {@code job=list}, which runs beside a
 * backup of the site and must neither take its lock nor write to its repository.
 *
 * <p>The built-in repository is a file HSQLDB that the running job holds open (with {@code
 * hsqldb.lock_file=false}). It is not opened in place, even with {@code readonly=true}: HSQLDB
 * 2.7.3's {@code Log.open()}, when the properties file says "modified" (always, while a job has it
 * open), first deletes the {@code .script.new}, {@code .data.new} and {@code *.old} files
 * whatever {@code files_readonly} says, and a writer in the middle of a checkpoint would lose its
 * new script. Its files (properties, script, log) are only read instead: copied into a private
 * temporary folder, the copy opened read-only there and deleted after. The writer's script changes
 * only at a checkpoint (at shutdown; its log is appended to meanwhile): a copy during which the
 * script changed is taken again. A log line torn by a concurrent append is the end of the log to
 * HSQLDB, as after a crash: the copy shows the runs up to the last whole line.
 *
 * <p>A shared repository ({@code spring.datasource.url=}) is queried through a connection set
 * read-only; the database server handles concurrency.
 */
final class ReadOnlyRepository implements AutoCloseable {

    private static final String NAME = "repository";
    private static final List<String> SUFFIXES = List.of(".properties", ".script", ".log", ".data", ".backup",
            ".script.new");
    private static final int ATTEMPTS = 5;

    private final Connection connection;
    private final Path copy;

    private ReadOnlyRepository(Connection connection, Path copy) {
        this.connection = connection;
        this.copy = copy;
    }

    /** The built-in repository of a site, or null when the site has none yet (it never ran). */
    static ReadOnlyRepository ofSite(Path home, String site) throws IOException, SQLException {
        return ofFolder(home.resolve(".backup-batch").resolve("sites").resolve(site));
    }

    /** The built-in repository in {@code folder} (a site's, the local fleet's), or null when there is none. */
    static ReadOnlyRepository ofFolder(Path folder) throws IOException, SQLException {
        if (!Files.isRegularFile(folder.resolve(NAME + ".script"))) {
            return null;
        }
        Path copy = Files.createTempDirectory("backup-batch-list"); // owner-only (0700) on POSIX
        try {
            copyConsistently(folder, copy);
            Properties props = new Properties();
            props.setProperty("user", "SA");
            props.setProperty("password", "");
            String url = "jdbc:hsqldb:file:" + copy.resolve(NAME) + ";readonly=true;hsqldb.lock_file=false;shutdown=true";
            Connection connection = new org.hsqldb.jdbc.JDBCDriver().connect(url, props);
            connection.setReadOnly(true);
            return new ReadOnlyRepository(connection, copy);
        } catch (IOException | SQLException | RuntimeException e) {
            deleteTree(copy);
            throw e;
        }
    }

    /** A shared repository given by its JDBC URL; the password from the words or the environment. */
    static ReadOnlyRepository ofUrl(String url, Map<String, String> springWords, Map<String, String> env)
            throws SQLException {
        Properties props = new Properties();
        String user = springWords.get("spring.datasource.username");
        String password = springWords.getOrDefault("spring.datasource.password", env.get("SPRING_DATASOURCE_PASSWORD"));
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        Connection connection = DriverManager.getConnection(url, props);
        connection.setReadOnly(true);
        return new ReadOnlyRepository(connection, null);
    }

    Connection connection() {
        return connection;
    }

    /** Copies the repository's files; again when its script changed meanwhile (a checkpoint). */
    private static void copyConsistently(Path from, Path to) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Object before = stamp(from.resolve(NAME + ".script"));
            for (String suffix : SUFFIXES) {
                try {
                    Files.copy(from.resolve(NAME + suffix), to.resolve(NAME + suffix), StandardCopyOption.REPLACE_EXISTING);
                } catch (NoSuchFileException e) {
                    Files.deleteIfExists(to.resolve(NAME + suffix)); // absent now: absent in the copy
                }
            }
            if (before.equals(stamp(from.resolve(NAME + ".script"))) || attempt == ATTEMPTS) {
                return;
            }
        }
    }

    private static Object stamp(Path file) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return List.of(a.size(), a.lastModifiedTime(), String.valueOf(a.fileKey()));
        } catch (NoSuchFileException e) {
            return "absent"; // between a checkpoint's delete and rename
        }
    }

    @Override
    public void close() throws SQLException, IOException {
        try {
            connection.close();
        } finally {
            if (copy != null) {
                deleteTree(copy);
            }
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
