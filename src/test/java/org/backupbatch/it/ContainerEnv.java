package org.backupbatch.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The test environment as containers: MariaDB (the official image) and a "test box" built from
 * {@code src/test/resources/containers/sshd/Dockerfile} that runs {@code scripts/test-env.sh up},
 * both on the host's network and sharing the MariaDB socket, the test box with the host's {@code
 * /home/bbtest} and test folder mounted at the same paths. The tests then find exactly what the
 * locally started services give them (127.0.0.1:2222, 127.0.0.1:3306, the properties file), and
 * nothing else in them changes.
 *
 * <p>Chosen by {@code -Dbackup-batch.test.containers=yes|no|auto} (default auto: containers when
 * a Docker engine answers). Host networking needs a Linux engine. The tests that stop and start
 * the sshd through {@code scripts/test-env.sh sshd-stop} (ResumeIT, FailuresIT) still act on the
 * host and are not covered in this mode.
 */
final class ContainerEnv {

    static final String PROPERTY = "backup-batch.test.containers";
    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    private static boolean started;

    private ContainerEnv() {
    }

    /** Whether the tests run against containers, from the property and, for auto, the engine. */
    static boolean chosen(String property, BooleanSupplier dockerPresent) {
        String value = property == null ? "auto" : property.strip().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "yes", "true" -> true;
            case "no", "false" -> false;
            case "auto", "" -> dockerPresent.getAsBoolean();
            default -> throw new IllegalArgumentException("-D" + PROPERTY + "=" + property + ": expected yes, no or auto");
        };
    }

    /** Starts the containers once per JVM when they are chosen; they live until the JVM ends. */
    static synchronized void startIfChosen(Path testDir) {
        if (started || !chosen(System.getProperty(PROPERTY), ContainerEnv::dockerPresent)) {
            return;
        }
        Path socket = directory(testDir.resolve("mysqld-run"));
        GenericContainer<?> mariadb = new GenericContainer<>("mariadb:11.4")
                .withNetworkMode("host")
                .withEnv("MARIADB_ALLOW_EMPTY_ROOT_PASSWORD", "yes")
                .withCommand("--bind-address=127.0.0.1", "--port=3306")
                .withFileSystemBind(socket.toString(), "/run/mysqld", BindMode.READ_WRITE)
                .waitingFor(Wait.forLogMessage(".*ready for connections.*", 2).withStartupTimeout(Duration.ofMinutes(3)));
        mariadb.start();
        GenericContainer<?> testBox = new GenericContainer<>(new ImageFromDockerfile("backup-batch-test-box", false)
                .withFileFromPath("Dockerfile", ROOT.resolve("src/test/resources/containers/sshd/Dockerfile"))
                .withFileFromPath("scripts", ROOT.resolve("scripts"))
                .withFileFromPath("src/test/resources/fixtures", ROOT.resolve("src/test/resources/fixtures")))
                .withNetworkMode("host")
                .withEnv("BB_TEST_DIR", testDir.toString())
                .withFileSystemBind(socket.toString(), "/run/mysqld", BindMode.READ_WRITE)
                .withFileSystemBind(directory(Path.of("/home/bbtest")).toString(), "/home/bbtest", BindMode.READ_WRITE)
                .withFileSystemBind(directory(testDir).toString(), testDir.toString(), BindMode.READ_WRITE)
                .waitingFor(Wait.forLogMessage(".*test box ready.*", 1).withStartupTimeout(Duration.ofMinutes(5)));
        testBox.start();
        started = true;
    }

    private static boolean dockerPresent() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) { // no engine, no socket, no config: the local services then
            return false;
        }
    }

    private static Path directory(Path path) {
        try {
            Files.createDirectories(path);
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxrwxrwx"));
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + path + " for the containers", e);
        }
    }
}
