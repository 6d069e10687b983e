package org.backupbatch.ssh;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Collects a command's stderr as lines while it runs, picking out the status markers written by
 * {@link Pipeline}. Keeps at most {@link #MAX_LINES} lines so that a command that floods its
 * stderr cannot exhaust memory; the markers are always kept.
 */
final class StderrCollector extends OutputStream {

    static final int MAX_LINES = 2000;
    private static final int MAX_LINE_BYTES = 4096;
    private static final Pattern STATUS = Pattern.compile("(.*)" + Pipeline.STATUS_MARKER + " (\\S+) (\\d+)");

    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final List<String> lines = new ArrayList<>();
    private final Map<String, Integer> statuses = new LinkedHashMap<>();
    private boolean truncated;

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            endLine();
        } else if (line.size() < MAX_LINE_BYTES) {
            line.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    private void endLine() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        Matcher m = STATUS.matcher(text);
        if (m.matches()) {
            // a stage whose last stderr line lacks a newline gets the marker glued to it
            statuses.put(m.group(2), Integer.parseInt(m.group(3)));
            text = m.group(1);
            if (text.isEmpty()) {
                return;
            }
        }
        if (lines.size() < MAX_LINES) {
            lines.add(text);
        } else {
            truncated = true;
        }
    }

    synchronized CommandResult result(int exitStatus) {
        if (line.size() > 0) {
            endLine();
        }
        return new CommandResult(exitStatus, Map.copyOf(statuses), List.copyOf(lines), truncated);
    }
}
