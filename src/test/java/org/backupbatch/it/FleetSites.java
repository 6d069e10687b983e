package org.backupbatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.function.Predicate;

/**
 * What the fleet tests share: the test sshd reached under several host names (so that {@code
 * per_host=} has hosts to count), a site's archive checked, and how many recorded runs overlapped.
 */
final class FleetSites {

    /** The names the test sshd is reached by: each is a host of its own for the caps. */
    static final List<String> HOSTS = List.of("127.0.0.1", "localhost", "127.1");

    private FleetSites() {
    }

    /**
     * The {@code ssh:} section of a site file reaching the test sshd as {@code host} (one of
     * {@link #HOSTS}), with a known_hosts in {@code home} naming its keys under every one of them.
     */
    static String sshYaml(Path home, String host) throws Exception {
        Path file = home.resolve("known_hosts");
        if (!Files.exists(file)) {
            String keys = Files.readString(Path.of(TestEnv.get("ssh.known_hosts")));
            StringBuilder all = new StringBuilder();
            for (String name : HOSTS) {
                all.append(keys.replace("[" + TestEnv.get("ssh.host") + "]", "[" + name + "]"));
            }
            Files.writeString(file, all);
        }
        return TestEnv.sshYaml().replace("host: " + TestEnv.get("ssh.host"), "host: \"" + host + "\"")
                .replace(TestEnv.get("ssh.known_hosts"), file.toString());
    }

    /** The site's one archive matches its .sha256 and lists the site's data.bin (GNU tar). */
    static void verifyArchive(Path home, String site) throws Exception {
        Path archive = RemoteSite.onlyArchive(home.resolve("backups"), site);
        Processes.check(List.of("sha256sum", "-c", archive.getFileName().toString().replace(".tar.gz", ".sha256")),
                archive.getParent());
        assertThat(Processes.check(List.of("tar", "tzf", archive.toString()), null)).contains("/files/data.bin");
    }

    /**
     * The most runs recorded as running at one moment, among those {@code which} selects; a run
     * is {@code {site, start, end, …}} as the repository gives it.
     */
    static int maxOverlap(List<String[]> runs, Predicate<String[]> which) {
        List<LocalDateTime[]> spans = runs.stream().filter(which)
                .map(r -> new LocalDateTime[] {time(r[1]), time(r[2])}).toList();
        int max = 0;
        for (LocalDateTime[] span : spans) {
            LocalDateTime t = span[0];
            max = Math.max(max, (int) spans.stream().filter(s -> !s[0].isAfter(t) && s[1].isAfter(t)).count());
        }
        return max;
    }

    /** A timestamp as the repository gives it ({@code 2026-11-30 03:10:00.123}). */
    static LocalDateTime time(String sql) {
        return LocalDateTime.parse(sql.replace(' ', 'T'));
    }
}
