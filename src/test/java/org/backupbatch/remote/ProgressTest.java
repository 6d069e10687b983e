package org.backupbatch.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long MB = 1024 * 1024;

    private long now = 1_000 * SECOND;
    private final List<String> logged = new ArrayList<>();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    private Progress progress(Progress.Display display, Duration interval, long expected) {
        return new Progress("files of /srv/blog", expected, new Progress.Settings(display, interval), () -> now,
                logged::add, new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    @Test
    void lineShowsBytesShareRateAndEtaFromTheExpectedSize() {
        // given 120 MB of an expected 1200 MB after 10 s: 12 MB/s, 90 s to go
        // when
        String line = Progress.line("files of /srv/blog", 120 * MB, 10 * SECOND, 1200 * MB);
        // then
        assertThat(line).isEqualTo("files of /srv/blog: 120MB of ~1.2GB (10%), 12MB/s, ETA 1m30s");
    }

    @Test
    void lineWithoutAnExpectedSizeShowsBytesAndRateOnly() {
        assertThat(Progress.line("dump of wp", 5 * MB, 2 * SECOND, 0)).isEqualTo("dump of wp: 5.0MB, 2.5MB/s");
    }

    @Test
    void linePastTheExpectedSizeLeavesTheShareAndEtaOut() {
        // a site that grew since its last backup: no "110%", no negative ETA
        assertThat(Progress.line("files of x", 110 * MB, 10 * SECOND, 100 * MB)).isEqualTo("files of x: 110MB, 11MB/s");
    }

    @Test
    void durationsReadAsSecondsMinutesOrHours() {
        assertThat(Progress.duration(45)).isEqualTo("45s");
        assertThat(Progress.duration(185)).isEqualTo("3m05s");
        assertThat(Progress.duration(7620)).isEqualTo("2h07m");
    }

    @Test
    void logsOneLinePerIntervalAndOneAtTheEnd() {
        // given a log display every 2 s, fed 1 MB every 0.5 s for 5 s
        Progress progress = progress(Progress.Display.LOG, Duration.ofSeconds(2), 10 * MB);
        // when
        for (int i = 0; i < 10; i++) {
            now += SECOND / 2;
            progress.accept(MB);
        }
        progress.close();
        progress.close();
        // then lines at 2 s and 4 s, then the total; nothing on the terminal
        assertThat(logged).containsExactly(
                "files of /srv/blog: 4.0MB of ~10MB (40%), 2.0MB/s, ETA 3s",
                "files of /srv/blog: 8.0MB of ~10MB (80%), 2.0MB/s, ETA 1s",
                "files of /srv/blog: 10MB in 5s (2.0MB/s)");
        assertThat(stderr.size()).isZero();
    }

    @Test
    void onATerminalRewritesOneLineAndLogsOnlyTheTotal() {
        // given
        Progress progress = progress(Progress.Display.TERMINAL, Duration.ofSeconds(30), 0);
        // when 3 updates 1 s apart, then one 10 ms later (too soon to redraw)
        for (int i = 0; i < 3; i++) {
            now += SECOND;
            progress.accept(MB);
        }
        now += 10_000_000L;
        progress.accept(MB);
        progress.close();
        // then
        String shown = stderr.toString(StandardCharsets.UTF_8);
        assertThat(shown.split("\r", -1)).hasSize(5); // three redraws and the clearing at the end
        assertThat(shown).contains("\rfiles of /srv/blog: 3.0MB, 1.0MB/s\u001b[K").doesNotContain("\n")
                .endsWith("\r\u001b[K");
        assertThat(logged).containsExactly("files of /srv/blog: 4.0MB in 3s (1.3MB/s)");
    }

    @Test
    void settingsComeFromTheEnvironmentAndTheConsole() {
        assertThat(Progress.Settings.of(Map.of(), true)).isEqualTo(
                new Progress.Settings(Progress.Display.TERMINAL, Duration.ofSeconds(30)));
        assertThat(Progress.Settings.of(Map.of(), false).display()).isEqualTo(Progress.Display.LOG);
        assertThat(Progress.Settings.of(Map.of(Progress.INTERVAL_VARIABLE, "2", Progress.DISPLAY_VARIABLE, "log"), true))
                .isEqualTo(new Progress.Settings(Progress.Display.LOG, Duration.ofSeconds(2)));
        assertThat(Progress.Settings.of(Map.of(Progress.INTERVAL_VARIABLE, "soon"), false).interval())
                .isEqualTo(Duration.ofSeconds(30));
    }
}
