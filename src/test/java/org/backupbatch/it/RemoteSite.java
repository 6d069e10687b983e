package org.backupbatch.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A site folder in the test SSH account's home, made by a shell script run as root and then
 * given to the test user, so that names, modes and mtimes are exactly what the script says.
 */
final class RemoteSite {

    private RemoteSite() {
    }

    static Path create(String name, String script) throws Exception {
        Path root = TestEnv.sshHome().resolve("it").resolve(name + "-" + System.nanoTime());
        Files.createDirectories(root);
        Processes.check(List.of("sh", "-ec", script), root);
        String owner = TestEnv.sshUser() + ":" + TestEnv.sshUser();
        // the test user may create sites beside this one (restore targets); only this site is
        // chowned recursively: other tests' trees may be being backed up right now
        Processes.check(List.of("chown", owner, root.getParent().toString()), null);
        Processes.check(List.of("chown", "-R", "-h", owner, root.toString()), null);
        return root;
    }

    static void delete(Path root) {
        Processes.run(List.of("rm", "-rf", "--", root.toString()), null, java.util.Map.of(), null);
    }

    /** A home folder for the tool with one site file. */
    static Path home(Path tmp, String site, String yaml) throws Exception {
        Files.createDirectories(tmp.resolve("jobs"));
        Files.writeString(tmp.resolve("jobs").resolve(site + ".yaml"), yaml);
        return tmp;
    }

    /** The one archive in the destination of a site, after a successful run. */
    static Path onlyArchive(Path destination, String site) throws Exception {
        try (var files = Files.list(destination.resolve(site))) {
            List<Path> archives = files.filter(p -> p.getFileName().toString().endsWith(".tar.gz")).toList();
            if (archives.size() != 1) {
                throw new AssertionError("expected one archive in " + destination.resolve(site) + ", got " + archives);
            }
            return archives.get(0);
        }
    }

    /** Extracts an archive with the real GNU tar, as root (modes and mtimes kept). */
    static Path extract(Path archive, Path into) throws Exception {
        Files.createDirectories(into);
        Processes.check(List.of("tar", "xzf", archive.toString(), "-C", into.toString()), null);
        try (var entries = Files.list(into)) {
            return entries.findFirst().orElseThrow();
        }
    }
}
