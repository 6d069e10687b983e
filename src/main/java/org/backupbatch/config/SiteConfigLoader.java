package org.backupbatch.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.backupbatch.config.Templates.Kind;
import org.backupbatch.errors.ConfigurationError;

/**
 * Loads {@code <home>/jobs/<site>.yaml} over its layers — built-in defaults, provider template,
 * app template, site file; later wins, mappings merge deeply, lists and scalars replace — and
 * validates the result into a {@link SiteConfig}. Every problem is a {@link ConfigurationError}
 * whose one line names the file, the field and why.
 */
public final class SiteConfigLoader {

    static final String DEFAULTS = "backup-batch/defaults.yaml";
    private static final String JOBS = "jobs";

    private final Path home;
    private final Map<String, String> env;
    private final Path userHome;
    private final Templates templates;

    /**
     * @param home the home folder holding {@code jobs/} and maybe {@code providers/}
     * @param env  the environment for {@code ${VAR}} placeholders and the {@link MasterKey}, usually
     *             {@code System.getenv()}
     */
    public SiteConfigLoader(Path home, Map<String, String> env) {
        this(home, env, Path.of(System.getProperty("user.home")));
    }

    /** As above, with {@code userHome} standing for {@code ~} in paths (for tests). */
    SiteConfigLoader(Path home, Map<String, String> env, Path userHome) {
        this.home = home.toAbsolutePath().normalize();
        this.env = Map.copyOf(env);
        this.userHome = userHome.toAbsolutePath().normalize();
        this.templates = new Templates(this.home);
    }

    /** The names of the sites, from {@code jobs/*.yaml}, sorted. */
    public List<String> siteNames() {
        return Templates.yamlNames(home.resolve(JOBS));
    }

    /** Loads and validates one site's configuration. */
    public SiteConfig load(String siteName) {
        Layers layers = layers(siteName);
        MergedTree merged = MergedTree.of(layers.all(), layers.site().file());
        Placeholders.resolve(merged, env, home);
        boolean databaseDeclared = layers.site().tree().has("database") || layers.app().tree().has("database");
        return new SiteConfigBinder(merged, home, userHome)
                .bind(siteName, siteFile(siteName), databaseDeclared, siteDatabaseKeys(layers.site()));
    }

    /**
     * The site's configuration as its layers made it, each value with the layer it came from,
     * secrets masked (for {@code job=config}). Every layer is parsed and its keys checked, as for
     * {@link #load}; values are not validated, sealed values are not opened and a variable that
     * is not set is shown as such rather than refused.
     */
    public EffectiveConfig explain(String siteName) {
        Layers layers = layers(siteName);
        MergedTree merged = MergedTree.of(layers.all(), layers.site().file());
        merged.tree().withObjectProperty("site").put("name", siteName);
        Placeholders.resolveForDisplay(merged, env);
        return EffectiveConfig.of(siteName, merged, layers.labels(), env);
    }

    /**
     * The merged tree of a site, for display: every layer parsed and its keys checked, {@code
     * site.name} filled in, {@code ${VAR}} placeholders left as written, the password and every
     * passphrase masked.
     * Values are not validated; {@link #load} does that.
     */
    public JsonNode effectiveTree(String siteName) {
        Layers layers = layers(siteName);
        ObjectNode tree = MergedTree.of(layers.all(), layers.site().file()).tree().deepCopy();
        tree.withObjectProperty("site").put("name", siteName);
        mask(tree, "database", "password");
        mask(tree, "ssh", "private_key_passphrase");
        if (tree.get("backup") instanceof ObjectNode backup) {
            mask(backup, "encryption", "passphrase");
            mask(backup, "encryption", "private_key_passphrase");
        }
        if (tree.get("drill") instanceof ObjectNode drill) {
            mask(drill, "database", "password");
        }
        return tree;
    }

    private static void mask(ObjectNode tree, String sectionName, String key) {
        if (tree.get(sectionName) instanceof ObjectNode section && section.hasNonNull(key)) {
            section.put(key, Secret.of("").toString());
        }
    }

    private Layers layers(String siteName) {
        Layer site = Layer.read(siteFile(siteName), JOBS + "/" + siteName + ".yaml");
        Schema.checkSiteFile(site);
        Layer defaults = Layer.readResource(DEFAULTS);
        Schema.checkDefaults(defaults);
        Fields chosen = new Fields(MergedTree.of(List.of(defaults, site), site.file()), home, userHome);
        Layer provider = template(Kind.PROVIDER, chosen);
        Layer app = template(Kind.APP, chosen);
        return new Layers(defaults, provider, app, site, chosen.requiredText(Kind.PROVIDER.field, ""),
                chosen.requiredText(Kind.APP.field, ""));
    }

    Path home() {
        return home;
    }

    Templates templates() {
        return templates;
    }

    private Path siteFile(String siteName) {
        Names.check("site name", siteName);
        Path file = home.resolve(JOBS).resolve(siteName + ".yaml");
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw unknownSite(siteName);
        }
        return file;
    }

    private ConfigurationError unknownSite(String siteName) {
        Path jobs = home.resolve(JOBS);
        String why = java.nio.file.Files.exists(jobs.resolve(siteName + ".yml"))
                ? "no file jobs/" + siteName + ".yaml; rename jobs/" + siteName + ".yml to .yaml"
                : "no file jobs/" + siteName + ".yaml";
        List<String> sites = siteNames();
        String known = sites.isEmpty() ? "no sites in " + jobs : "sites in " + jobs + ": " + String.join(", ", sites);
        String suggestion = Names.closest(siteName, sites);
        return new ConfigurationError("unknown site '" + siteName + "' (" + why + "); " + known
                + (suggestion == null ? "" : "; did you mean " + suggestion + "?"));
    }

    private Layer template(Kind kind, Fields chosen) {
        String name = chosen.requiredText(kind.field, "");
        if (!Names.isValid(name)) {
            throw chosen.error(kind.field, Describe.quoted(name) + " is not a valid name: " + Names.RULE);
        }
        Layer layer = templates.find(kind, name);
        if (layer == null) {
            throw chosen.error(kind.field, templates.unknown(kind, name));
        }
        Schema.checkTemplate(layer);
        return layer;
    }

    private static Set<String> siteDatabaseKeys(Layer site) {
        Set<String> keys = new HashSet<>();
        JsonNode database = site.tree().get("database");
        if (database != null && database.isObject()) {
            database.properties().forEach(field -> {
                if (!field.getValue().isNull()) {
                    keys.add(field.getKey());
                }
            });
        }
        return keys;
    }

    /** The four layers of one site, lowest first, and the names of its templates. */
    private record Layers(Layer defaults, Layer provider, Layer app, Layer site, String providerName,
                          String appName) {

        List<Layer> all() {
            return List.of(defaults, provider, app, site);
        }

        /** Each layer as {@code job=config} names a value's source, lowest first. */
        Map<Layer, String> labels() {
            Map<Layer, String> labels = new LinkedHashMap<>();
            labels.put(defaults, "default");
            labels.put(provider, "provider " + providerName + Templates.whereIfOwn(provider));
            labels.put(app, "app template " + appName + Templates.whereIfOwn(app));
            labels.put(site, "site file");
            return labels;
        }
    }
}
