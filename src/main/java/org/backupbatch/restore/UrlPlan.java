package org.backupbatch.restore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.backupbatch.archive.Manifest;
import org.backupbatch.config.SiteConfig;

/**
 * How a restore into another address changes the URLs in the database: WordPress's {@code home}
 * (the site's address) and {@code siteurl} (where WordPress lives) each have their own mapping.
 * The target's {@code site.url} is its home; its siteurl keeps the source's path below home
 * ({@code https://ex.org/wp} with home {@code https://ex.org} becomes
 * {@code https://staging.ex.org/wp}).
 */
record UrlPlan(String fromHome, String fromSite, String toHome, String toSite) {

    static UrlPlan of(Manifest manifest, SiteConfig source, SiteConfig target) {
        String fromSite = manifest.siteUrl() != null ? manifest.siteUrl() : source.site().url();
        String fromHome = manifest.homeUrl() != null ? manifest.homeUrl() : fromSite;
        String toHome = target.site().url() != null ? target.site().url() : fromHome;
        String toSite = toHome;
        if (fromSite != null && fromHome != null && toHome != null && fromSite.startsWith(fromHome)) {
            toSite = toHome + fromSite.substring(fromHome.length());
        } else if (toHome != null && toHome.equals(fromHome)) {
            toSite = fromSite;
        }
        return new UrlPlan(fromHome, fromSite, toHome, toSite);
    }

    /** The replacements, {@code {from, to}}, the longest {@code from} first; none when nothing moves. */
    List<String[]> mappings() {
        List<String[]> mappings = new ArrayList<>();
        add(mappings, fromSite, toSite);
        add(mappings, fromHome, toHome);
        mappings.sort(Comparator.comparingInt((String[] m) -> m[0].length()).reversed());
        return mappings;
    }

    private static void add(List<String[]> mappings, String from, String to) {
        if (from != null && to != null && !from.isEmpty() && !from.equals(to)
                && mappings.stream().noneMatch(m -> m[0].equals(from))) {
            mappings.add(new String[] {from, to});
        }
    }

    boolean changes() {
        return !mappings().isEmpty();
    }

    /** {@code from -> to} per line, as recorded in the job's context. */
    String record() {
        return String.join("\n", mappings().stream().map(m -> m[0] + " -> " + m[1]).toList());
    }

    /** {@code a -> b, c -> d}, or {@code none}. */
    static String describe(List<String[]> mappings) {
        return mappings.isEmpty() ? "no URL mapping"
                : String.join(", ", mappings.stream().map(m -> m[0] + " -> " + m[1]).toList());
    }

    static List<String[]> parse(String record) {
        List<String[]> mappings = new ArrayList<>();
        if (record != null && !record.isEmpty()) {
            for (String line : record.split("\n")) {
                mappings.add(line.split(" -> ", 2));
            }
        }
        return mappings;
    }
}
