package org.backupbatch.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.backupbatch.archive.Manifest;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.config.Transport;
import org.junit.jupiter.api.Test;

class UrlPlanTest {

    @Test
    void wordpressInItsOwnFolderKeepsItsPathBelowTheNewHome() {
        // given: siteurl https://ex.org/wp, home https://ex.org
        Manifest manifest = manifest("https://ex.org/wp", "https://ex.org");
        // when
        UrlPlan plan = UrlPlan.of(manifest, site("https://ex.org"), site("https://staging.ex.org"));
        // then
        assertThat(plan.toHome()).isEqualTo("https://staging.ex.org");
        assertThat(plan.toSite()).isEqualTo("https://staging.ex.org/wp");
        assertThat(plan.mappings()).as("longest first").extracting(m -> m[0] + " -> " + m[1]).containsExactly(
                "https://ex.org/wp -> https://staging.ex.org/wp", "https://ex.org -> https://staging.ex.org");
        assertThat(UrlPlan.parse(plan.record())).extracting(m -> m[0] + "|" + m[1])
                .containsExactly("https://ex.org/wp|https://staging.ex.org/wp", "https://ex.org|https://staging.ex.org");
    }

    @Test
    void aSameAddressMapsNothing() {
        UrlPlan plan = UrlPlan.of(manifest("https://ex.org/wp", "https://ex.org"), site("https://ex.org"),
                site("https://ex.org"));
        assertThat(plan.changes()).isFalse();
        assertThat(plan.toSite()).isEqualTo("https://ex.org/wp");
        assertThat(UrlPlan.parse(plan.record())).isEmpty();
    }

    @Test
    void aBackupWithoutAHomeUrlTakesSiteurlForIt() {
        UrlPlan plan = UrlPlan.of(manifest("https://ex.org", null), site("https://ex.org"), site("https://stg.ex.org"));
        assertThat(plan.mappings()).extracting(m -> m[0] + " -> " + m[1]).containsExactly(
                "https://ex.org -> https://stg.ex.org");
    }

    @Test
    void aTargetWithoutUrlKeepsTheBackupsUrls() {
        UrlPlan plan = UrlPlan.of(manifest("https://ex.org/wp", "https://ex.org"), site("https://ex.org"), site(null));
        assertThat(plan.changes()).isFalse();
    }

    static Manifest manifest(String siteUrl, String homeUrl) {
        return new Manifest(1, "a", "20261130T000000Z", "2026-11-30T00:00:00Z", "t", Map.of(), null, null, List.of(),
                List.of(), Manifest.KIND_BACKUP, siteUrl, homeUrl);
    }

    static SiteConfig site(String url) {
        return new SiteConfig(new SiteConfig.Site("x", "p", "wordpress", url, Transport.LOCAL), null,
                new SiteConfig.Files("/srv/x", List.of(), List.of()),
                new SiteConfig.Database("localhost", 3306, null, "db", "u", null, Set.of()),
                new SiteConfig.Backup(Path.of("/tmp/b"), "gzip", 6, 30, 2, 10), Path.of("/tmp/jobs/x.yaml"));
    }
}
