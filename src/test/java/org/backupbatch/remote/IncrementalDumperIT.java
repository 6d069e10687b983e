package org.backupbatch.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.backupbatch.archive.Manifest;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.ssh.LocalShell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link IncrementalDumper} run by the local shell against the test MariaDB (as root, over its
 * socket): an attempt cut short leaves the sections it received in the work folder, and the
 * next attempt sends only the others. Needs the MariaDB that {@code scripts/test-env.sh up} starts.
 */
class IncrementalDumperIT {

    @TempDir
    Path work;
    private final String name = "bbincdb_resume_" + Long.toString(System.nanoTime() % 100_000_000);
    private SiteConfig.Database db;

    @BeforeEach
    void fixture() throws Exception {
        mariadb("CREATE DATABASE `" + name + "`", null);
        mariadb(null, Path.of("src/test/resources/fixtures/wordpress.sql"));
        db = new SiteConfig.Database("localhost", 3306, null, name, "root", null);
    }

    @AfterEach
    void drop() throws Exception {
        mariadb("DROP DATABASE IF EXISTS `" + name + "`", null);
    }

    @Test
    void anAttemptCutShortIsResumedFromTheSectionsItReceived() throws Exception {
        // given: a first attempt received every section, then was cut before the dump was put together
        IncrementalDumper.Result whole = dumper().dump(db, TableSelection.ALL, true, work, null);
        Files.delete(whole.dump().gzFile());
        List<Manifest.DatabaseSection> sections = whole.sections();
        long lost = 0;
        for (Manifest.DatabaseSection section : sections.subList(sections.size() / 2, sections.size())) {
            Path file = work.resolve("incdb-" + section.dumpSha256() + ".gz");
            if (Files.deleteIfExists(file)) {
                lost += section.length();
            }
        }

        // when
        IncrementalDumper.Result resumed = dumper().dump(db, TableSelection.ALL, true, work, null);

        // then: only the lost half was sent again, and the dump is the same, byte for byte
        assertThat(resumed.dump().rawSha256()).isEqualTo(whole.dump().rawSha256());
        assertThat(resumed.dump().rows()).isEqualTo(whole.dump().rows());
        assertThat(resumed.sections()).extracting(Manifest.DatabaseSection::dumpSha256)
                .isEqualTo(sections.stream().map(Manifest.DatabaseSection::dumpSha256).toList());
        assertThat(resumed.transferred()).isLessThan(whole.transferred()).isLessThan(lost + 4096);
        assertThat(resumed.reused()).isZero();
    }

    @Test
    void everySectionNamesWhatItHoldsAndTheRowsOfItsTable() throws Exception {
        // when
        IncrementalDumper.Result result = dumper().dump(db, TableSelection.ALL, true, work, null);

        // then
        Map<String, Long> rows = result.dump().rows();
        List<String> tables = new ArrayList<>();
        for (Manifest.DatabaseSection section : result.sections()) {
            if (section.kind().equals("table")) {
                tables.add(section.name());
                assertThat(section.rows()).as(section.name()).isEqualTo(rows.get(section.name()));
            }
        }
        assertThat(tables).isEqualTo(new ArrayList<>(rows.keySet()));
        assertThat(result.sections().get(0).kind()).isEqualTo("header");
        assertThat(result.sections().get(result.sections().size() - 1).kind()).isEqualTo("footer");
        assertThat(result.sections().stream().mapToLong(Manifest.DatabaseSection::bytes).sum())
                .isEqualTo(result.dump().bytes());
    }

    private static IncrementalDumper dumper() {
        return new IncrementalDumper(new LocalShell(), Duration.ofMinutes(5), Compressor.gzip(6));
    }

    private void mariadb(String sql, Path file) throws Exception {
        List<String> command = new ArrayList<>(List.of("mariadb", "-uroot"));
        if (sql != null) {
            command.addAll(List.of("-e", sql));
        } else {
            command.add(name);
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (file != null) {
            builder.redirectInput(file.toFile());
        }
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as("mariadb: " + out + " (the test MariaDB must run: scripts/test-env.sh up)")
                .isZero();
    }
}
