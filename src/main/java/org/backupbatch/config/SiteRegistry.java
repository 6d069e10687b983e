package org.backupbatch.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;



/**
 * The sites of one home folder, each loaded once per process. Configuration is read from the
 * site files on every run and never written to the job repository (it may hold secrets).
 */
public class SiteRegistry {

    private final Path home;
    private final SiteConfigLoader loader;
    private final Map<String, SiteConfig> loaded = new ConcurrentHashMap<>();

    public SiteRegistry(Path home, Map<String, String> env) {
        this.home = home;
        this.loader = new SiteConfigLoader(home, env);
    }

    public Path home() {
        return home;
    }

    public SiteConfigLoader loader() {
        return loader;
    }

    /**
     * The site's configuration; throws a {@code ConfigurationError} when it is missing or wrong.
     * A drill's synthetic site ({@code .drill-<site>-<run>}, see {@link DrillSite}) is made from
     * its site's.
     */
    public SiteConfig site(String name) {
        var drill = DrillSite.parse(name);
        if (drill.isPresent()) {
            // not inside computeIfAbsent: the drilled site is loaded through this map too
            SiteConfig source = site(drill.get().site());
            return loaded.computeIfAbsent(name, n -> drill.get().config(source));
        }
        return loaded.computeIfAbsent(name, loader::load);
    }
}
