package org.backupbatch.notify;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a notice says: the summary line's {@code key=value} tokens as fields (job, site, id,
 * status, step, error, resume…), already masked, and the line itself.
 *
 * @param fields  the tokens in the summary's order, {@code job} first
 * @param summary the summary line, as printed
 */
public record Notice(Map<String, String> fields, String summary) {

    public Notice {
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public String job() {
        return fields.get("job");
    }

    public String site() {
        return fields.get("site");
    }

    public String status() {
        return fields.get("status");
    }

    /** Whether the run completed; anything else (FAILED, STOPPED…) is a failure to tell. */
    public boolean succeeded() {
        return "COMPLETED".equals(status());
    }

    /** {@code backup of site blog: FAILED}, for a mail's subject. */
    public String title() {
        return job() + " of site " + site() + ": " + status();
    }
}
