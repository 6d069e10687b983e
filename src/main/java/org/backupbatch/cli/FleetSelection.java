package org.backupbatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.config.SiteRegistry;
import org.backupbatch.config.Transport;
import org.backupbatch.errors.ConfigurationError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which sites a fleet night backs up, and the SSH host each one counts against for {@code
 * per_host=}: {@code host:port} as configured ({@code local} for the local transport). A site
 * whose configuration cannot be read is still in {@code site=all}, host {@code ?}: its partition
 * fails as {@code job=backup site=X} would (exit 2), the others run.
 */
final class FleetSelection {

    private static final Logger LOG = LoggerFactory.getLogger(FleetSelection.class);
    static final String UNKNOWN_HOST = "?";

    private FleetSelection() {
    }

    /** Site → host, in name order; never empty (a selection of no site is bad usage). */
    static Map<String, String> hosts(SiteRegistry sites, String selection) {
        Map<String, String> hosts = new LinkedHashMap<>();
        for (String site : sites.loader().siteNames()) {
            if (selection.equals(FleetWords.ALL) || groups(sites, site).contains(selection)) {
                hosts.put(site, host(sites, site));
            }
        }
        if (hosts.isEmpty()) {
            throw new ConfigurationError(selection.equals(FleetWords.ALL) ? "no sites: no jobs/*.yaml in "
                    + sites.home() : "no site is in group " + selection + " (site.groups: [" + selection
                    + "] in jobs/<site>.yaml)");
        }
        return hosts;
    }

    /** {@code site.groups} of a site: a list of names, or one name; none when the file cannot be read. */
    static List<String> groups(SiteRegistry sites, String site) {
        JsonNode groups;
        try {
            groups = sites.loader().effectiveTree(site).path("site").path("groups");
        } catch (RuntimeException e) {
            LOG.warn("site {} is left out of the group: its configuration cannot be read: {}", site, e.getMessage());
            return List.of();
        }
        if (groups.isTextual()) {
            return List.of(groups.asText());
        }
        if (groups.isArray()) {
            return groups.valueStream().map(JsonNode::asText).toList();
        }
        return List.of();
    }

    private static String host(SiteRegistry sites, String site) {
        try {
            SiteConfig config = sites.site(site);
            return config.site().transport() == Transport.LOCAL ? "local"
                    : config.ssh().host() + ":" + config.ssh().port();
        } catch (RuntimeException e) {
            return UNKNOWN_HOST; // reported when its partition runs
        }
    }
}
