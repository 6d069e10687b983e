package org.backupbatch.sql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Several texts replaced in one pass, each {@code from} by its {@code to}: scanning left to right,
 * at each position the longest {@code from} that matches there wins, and what it put in is not
 * scanned again. So a WordPress in its own folder, whose {@code siteurl} (…/wp) starts with its
 * {@code home}, gets each URL mapped by its own rule whatever order they were given in; replacing
 * one URL after the other would map {@code …/wp} by {@code home}'s rule first, or replace twice.
 *
 * <p>Each rule is added in two forms: as given, and JSON-escaped ({@code /} written {@code \/},
 * in {@code from} and in {@code to}), the way PHP's {@code json_encode} and so page builders store
 * URLs. A text without {@code /} has one form only. A rule whose {@code to} is its {@code from}
 * changes nothing but still holds its place: text it matches is not matched by a shorter rule.
 * Texts are bytes (one ISO-8859-1 char per byte). Immutable.
 */
final class Replacements {

    /** How a replaced text was written. */
    enum Form {
        PLAIN, JSON;

        /** Its name in {@link DumpRewriter.Result#replacements()}. */
        String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One text to replace, in one form. */
    record Rule(String from, String to, Form form) {

        boolean changes() {
            return !from.equals(to);
        }
    }

    static final Replacements NONE = new Replacements(List.of());
    /** A prefix shared by every root, if at least this long, finds them all in one indexOf. */
    private static final int SHARED_MIN = 4;

    private final List<Rule> rules;
    /** The rules no other rule is a prefix of: at most one of them matches at any position. */
    private final String[] roots;
    /** For each root, the rules it is a prefix of (itself included), longest first. */
    private final Rule[][] groups;
    /** What every root starts with (e.g. {@code https:} for a URL's plain and JSON forms), or null if short. */
    private final String shared;

    private Replacements(List<Rule> rules) {
        this.rules = List.copyOf(rules);
        List<Rule> shortestFirst = new ArrayList<>(rules);
        shortestFirst.sort(Comparator.comparingInt(rule -> rule.from().length()));
        List<List<Rule>> grouped = new ArrayList<>();
        for (Rule rule : shortestFirst) {
            List<Rule> group = grouped.stream().filter(g -> rule.from().startsWith(g.get(0).from())).findFirst()
                    .orElse(null);
            if (group == null) {
                group = new ArrayList<>();
                grouped.add(group);
            }
            group.add(rule);
        }
        roots = grouped.stream().map(group -> group.get(0).from()).toArray(String[]::new);
        groups = grouped.stream().map(group -> {
            List<Rule> longestFirst = new ArrayList<>(group);
            Collections.reverse(longestFirst);
            return longestFirst.toArray(Rule[]::new);
        }).toArray(Rule[][]::new);
        shared = sharedPrefix(roots);
    }

    private static String sharedPrefix(String[] roots) {
        if (roots.length == 0) {
            return null;
        }
        int length = roots[0].length();
        for (String root : roots) {
            length = Math.min(length, root.length());
            while (!root.startsWith(roots[0].substring(0, length))) {
                length--;
            }
        }
        return length >= SHARED_MIN ? roots[0].substring(0, length) : null;
    }

    /**
     * These replacements and {@code from} by {@code to}, in both forms. The same rule twice is
     * one rule.
     *
     * @param from non-empty, as bytes
     * @param to   as bytes
     * @throws IllegalArgumentException when {@code from} (in either form) already has another {@code to}
     */
    Replacements with(String from, String to) {
        if (from.isEmpty()) {
            throw new IllegalArgumentException("nothing to replace: the text to search is empty");
        }
        List<Rule> added = new ArrayList<>(rules);
        add(added, new Rule(from, to, Form.PLAIN));
        if (from.indexOf('/') >= 0) {
            add(added, new Rule(json(from), json(to), Form.JSON));
        }
        return new Replacements(added);
    }

    private static void add(List<Rule> rules, Rule rule) {
        for (Rule known : rules) {
            if (known.from().equals(rule.from())) {
                if (!known.to().equals(rule.to())) {
                    throw new IllegalArgumentException("'" + rule.from() + "' is to be replaced both by '" + known.to()
                            + "' and by '" + rule.to() + "'");
                }
                return;
            }
        }
        rules.add(rule);
    }

    private static String json(String text) {
        return text.replace("/", "\\/");
    }

    /** Whether some rule would change a text. */
    boolean changeSomething() {
        return rules.stream().anyMatch(Rule::changes);
    }

    /** Whether some rule's {@code from} occurs in the text. */
    boolean anyFoundIn(String text) {
        if (shared != null) {
            return sharedFind(text, 0) >= 0;
        }
        for (String root : roots) {
            if (text.indexOf(root) >= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The text with every match replaced, each counted in {@code tally} by its form; the same
     * instance when nothing changed.
     */
    String replace(String text, Tally tally) {
        Scan scan = new Scan(text);
        StringBuilder out = null;
        int copied = 0;
        int at = scan.next(0);
        while (at >= 0) {
            Rule rule = longestAt(groups[scan.root], text, at);
            int end = at + rule.from().length();
            if (rule.changes()) {
                out = out != null ? out : new StringBuilder(text.length() + 64);
                out.append(text, copied, at).append(rule.to());
                copied = end;
                tally.count(rule.form());
            }
            at = scan.next(end);
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    /** Where, at or after {@code from}, a root starts, found through the shared prefix; -1 if nowhere. */
    private int sharedFind(String text, int from) {
        for (int at = text.indexOf(shared, from); at >= 0; at = text.indexOf(shared, at + 1)) {
            if (rootAt(text, at) >= 0) {
                return at;
            }
        }
        return -1;
    }

    /** The root that starts at {@code at} (at most one can), or -1. */
    private int rootAt(String text, int at) {
        for (int k = 0; k < roots.length; k++) {
            if (text.startsWith(roots[k], at)) {
                return k;
            }
        }
        return -1;
    }

    /**
     * The roots found in one text, left to right: through the shared prefix, else by one indexOf
     * per root, each resumed only once the scan has passed where it last found its root.
     */
    private final class Scan {

        private final String text;
        /** Without a shared prefix, where each root was last found, -1 once it is found no more. */
        private final int[] found;
        private int root;

        Scan(String text) {
            this.text = text;
            this.found = shared != null ? null : new int[roots.length];
            for (int k = 0; found != null && k < roots.length; k++) {
                found[k] = text.indexOf(roots[k]);
            }
        }

        /** Where the next match at or after {@code from} starts, its root put in {@link #root}; or -1. */
        int next(int from) {
            if (found == null) {
                int at = sharedFind(text, from);
                root = at >= 0 ? rootAt(text, at) : -1;
                return at;
            }
            root = -1;
            for (int k = 0; k < found.length; k++) {
                if (found[k] >= 0 && found[k] < from) {
                    found[k] = text.indexOf(roots[k], from);
                }
                if (found[k] >= 0 && (root < 0 || found[k] < found[root])) {
                    root = k;
                }
            }
            return root >= 0 ? found[root] : -1;
        }
    }

    /** The longest rule of a group matching at {@code at}, where its root (the last one) matches. */
    private static Rule longestAt(Rule[] group, String text, int at) {
        for (Rule rule : group) {
            if (text.startsWith(rule.from(), at)) {
                return rule;
            }
        }
        throw new IllegalStateException("the root of a group does not match where it was found");
    }

    /** Replacements counted by form; mutable, for one owner. */
    static final class Tally {

        private final long[] counts = new long[Form.values().length];

        void count(Form form) {
            counts[form.ordinal()]++;
        }

        void addAll(Tally other) {
            for (int i = 0; i < counts.length; i++) {
                counts[i] += other.counts[i];
            }
        }

        long get(Form form) {
            return counts[form.ordinal()];
        }

        /** Every form's count by its key, 0 included, in the order of {@link Form}. */
        Map<String, Long> byKey() {
            Map<String, Long> byKey = new LinkedHashMap<>();
            for (Form form : Form.values()) {
                byKey.put(form.key(), get(form));
            }
            return byKey;
        }
    }
}
