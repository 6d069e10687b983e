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

    private final List<Rule> rules;
    /** The rules no other rule is a prefix of: at most one of them matches at any position. */
    private final String[] roots;
    /** For each root, the rules it is a prefix of (itself included), longest first. */
    private final Rule[][] groups;

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
        int[] next = new int[roots.length];
        for (int k = 0; k < roots.length; k++) {
            next[k] = text.indexOf(roots[k]);
        }
        StringBuilder out = null;
        int copied = 0;
        for (int k = leftmost(next); k >= 0; k = leftmost(next)) {
            int at = next[k];
            Rule rule = longestAt(groups[k], text, at);
            int end = at + rule.from().length();
            if (rule.changes()) {
                out = out != null ? out : new StringBuilder(text.length() + 64);
                out.append(text, copied, at).append(rule.to());
                copied = end;
                tally.count(rule.form());
            }
            for (int j = 0; j < next.length; j++) {
                if (next[j] >= 0 && next[j] < end) {
                    next[j] = text.indexOf(roots[j], end);
                }
            }
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    /** The root that matches first, or -1 when none is left. */
    private static int leftmost(int[] next) {
        int best = -1;
        for (int k = 0; k < next.length; k++) {
            if (next[k] >= 0 && (best < 0 || next[k] < next[best])) {
                best = k;
            }
        }
        return best;
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
