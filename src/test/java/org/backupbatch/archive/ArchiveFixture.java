package org.backupbatch.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A small site tree with the awkward cases (empty file, a size that is a multiple of 512, a file
 * of zero bytes only, a symlink, an empty folder, spaces, non-ASCII and a path over 100 bytes),
 * the files part the server makes of it with real GNU tar and gzip, and a gzipped dump.
 */
final class ArchiveFixture {

    static final String ID = "20261129T032551Z";
    static final String ROOT = "backup-" + ID;
    static final String FILES_ROOT = ROOT + "/files";
    static final Instant DUMP_MODIFIED = Instant.parse("2026-11-29T03:25:51Z");
    static final String LONG_PATH = "wp-content/plugins/a-plugin-whose-name-is-long-enough-to-matter/assets/images/"
            + "a-picture-whose-path-is-longer-than-one-hundred-bytes.png";

    /** The server's command: the tar stream of the selection, renamed under {@code <root>/files}. */
    static final String TAR = "tar --null --no-recursion -T - -b 1 --format=gnu --transform='s,^\\.,"
            + FILES_ROOT + ",S' -cf -";

    final Path tree;
    final Path filesPart;
    final Path dumpPart;
    final byte[] dump;

    private ArchiveFixture(Path tree, Path filesPart, Path dumpPart, byte[] dump) {
        this.tree = tree;
        this.filesPart = filesPart;
        this.dumpPart = dumpPart;
        this.dump = dump;
    }

    /** Creates the tree, the files part and the dump part under {@code dir}. */
    static ArchiveFixture create(Path dir) throws IOException {
        Path tree = Files.createDirectory(dir.resolve("site"));
        createSiteTree(tree);
        Path filesPart = Files.write(dir.resolve("files.tar.gz"), serverFilesPart(tree));
        byte[] dump = dumpText().getBytes(StandardCharsets.UTF_8);
        Path dumpPart = Files.write(dir.resolve("database.sql.gz"), gzip(dir, dump));
        return new ArchiveFixture(tree, filesPart, dumpPart, dump);
    }

    static void createSiteTree(Path tree) throws IOException {
        Random random = new Random(20261129);
        Files.writeString(tree.resolve("index.php"), "<?php\nrequire __DIR__ . '/wp-blog-header.php';\n");
        Files.write(tree.resolve("empty.txt"), new byte[0]);
        Files.write(tree.resolve("two-blocks.bin"), randomBytes(random, 1024));
        Files.write(tree.resolve("zeros.bin"), new byte[4096]);
        Files.createSymbolicLink(tree.resolve("link-to-index"), Path.of("index.php"));
        Files.createDirectory(tree.resolve("empty-dir"));
        Files.createDirectories(tree.resolve("with spaces"));
        Files.writeString(tree.resolve("with spaces/a file with spaces.txt"), "spaces\n");
        Files.createDirectories(tree.resolve("wp-content/uploads"));
        Files.writeString(tree.resolve("wp-content/uploads/café-日本語.txt"), "non-ASCII name: café 日本語\n");
        Path longFile = tree.resolve(LONG_PATH);
        Files.createDirectories(longFile.getParent());
        Files.write(longFile, randomBytes(random, 3000));
        assertThat(LONG_PATH.length() + FILES_ROOT.length()).as("needs GNU long names").isGreaterThan(100);
    }

    /** The files part exactly as the server sends it: end blocks cut off, then gzip. */
    static byte[] serverFilesPart(Path tree) throws IOException {
        return Processes.shOk(tree, findListing(tree), TAR + " | head -c -1024 | gzip -c");
    }

    /** GNU tar's whole uncompressed stream of the tree, end blocks included. */
    static byte[] fullTar(Path tree) throws IOException {
        return Processes.shOk(tree, findListing(tree), TAR);
    }

    static byte[] findListing(Path tree) throws IOException {
        return Processes.shOk(tree, null, "find . -print0");
    }

    /** Compresses with the real gzip, reading stdin as the server does. */
    static byte[] gzip(Path dir, byte[] data) throws IOException {
        return Processes.shOk(dir, data, "gzip -c");
    }

    /** Counts of the tree, walked here without looking at any tar stream. */
    static TarContents.Stats walk(Path tree) throws IOException {
        long dirs = 0;
        long links = 0;
        long regular = 0;
        long bytes = 0;
        try (Stream<Path> paths = Files.walk(tree)) {
            for (Path p : paths.toList()) {
                if (Files.isSymbolicLink(p)) {
                    links++;
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    dirs++;
                } else {
                    regular++;
                    bytes += Files.size(p);
                }
            }
        }
        return new TarContents.Stats(dirs + links + regular, regular, dirs, links, bytes);
    }

    ArchiveAssembler.ReceivedPart filesReceived() throws IOException {
        return new ArchiveAssembler.ReceivedPart(filesPart, Sha256.of(filesPart));
    }

    ArchiveAssembler.DumpPart dumpReceived() throws IOException {
        return new ArchiveAssembler.DumpPart(new ArchiveAssembler.ReceivedPart(dumpPart, Sha256.of(dumpPart)),
                dump.length, DUMP_MODIFIED);
    }

    /** Assembles the archive the way the assemble step does, with or without the database. */
    ArchiveAssembler.Result assemble(Path target, boolean withDatabase) throws IOException {
        TarContents.Stats stats = walk(tree);
        return new ArchiveAssembler().assemble(target, ROOT, filesReceived(), withDatabase ? dumpReceived() : null,
                members -> manifest(stats, withDatabase, List.of(), members));
    }

    Manifest manifest(TarContents.Stats stats, boolean withDatabase, List<String> warnings,
            List<Manifest.Member> members) {
        Manifest.FilesPart files = new Manifest.FilesPart("/var/www/blog", List.of(), List.of("wp-content/cache/**"),
                stats.entries(), stats.regularFiles(), stats.directories(), stats.symlinks(), stats.bytes());
        Manifest.DatabasePart database = withDatabase
                ? new Manifest.DatabasePart("blog", "localhost", dump.length, sha256(dump), 1, "2026-11-29 3:25:51", Map.of("t", 3L))
                : null;
        return new Manifest(Manifest.FORMAT_VERSION, "blog", ID, "2026-11-29T03:25:51Z", "test",
                new TreeMap<>(Map.of("tar", "tar (GNU tar) 1.34", "gzip", "gzip 1.12")), files, database, warnings, members, Manifest.KIND_BACKUP,
                "https://blog.example.test");
    }

    static String sha256(byte[] bytes) {
        MessageDigest digest = Sha256.newDigest();
        digest.update(bytes);
        return Sha256.hex(digest);
    }

    /** Flips one bit of the file's byte at {@code position}. */
    static void flipByteAt(Path file, long position) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) position] ^= 0x01;
        Files.write(file, bytes);
    }

    /** Cuts the file to {@code length} bytes. */
    static void truncateTo(Path file, long length) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, (int) length));
    }

    static byte[] slice(byte[] bytes, Manifest.Member member) {
        return Arrays.copyOfRange(bytes, (int) member.offset(), (int) (member.offset() + member.length()));
    }

    private static byte[] randomBytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String dumpText() {
        StringBuilder sql = new StringBuilder("""
                -- MariaDB dump 10.19  Distrib 10.11.6-MariaDB, for debian-linux-gnu (x86_64)
                --
                -- Host: localhost    Database: blog
                -- ------------------------------------------------------
                /*!40101 SET NAMES utf8mb4 */;
                DROP TABLE IF EXISTS `wp_posts`;
                CREATE TABLE `wp_posts` (`ID` bigint unsigned NOT NULL, `post_title` text NOT NULL);
                """);
        for (int i = 1; i <= 40; i++) {
            sql.append("INSERT INTO `wp_posts` VALUES (").append(i).append(",'Héllo wörld n°").append(i)
                    .append(" — it\\'s \"quoted\"');\n");
        }
        return sql.append("-- Dump completed on 2026-11-29 3:25:51\n").toString();
    }
}
