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

    /** The site's configuration; throws a {@code ConfigurationError} when it is missing or wrong. */
    public SiteConfig site(String name) {
        return loaded.computeIfAbsent(name, loader::load);
    }
}
