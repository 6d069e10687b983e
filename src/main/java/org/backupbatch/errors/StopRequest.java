package org.backupbatch.errors;

import java.io.IOException;

/**
 * The process was asked to stop: a signal (SIGTERM from a scheduler, Ctrl-C) or a thread that
 * died by an error. Set once, from the thread that noticed; read by whatever might otherwise
 * start more work (opening a connection, retrying a transfer) and by the steps, which then end
 * STOPPED instead of FAILED. One flag per process: one process runs one job for one site.
 */
public final class StopRequest {

    private static volatile String reason;

    private StopRequest() {
    }

    /** Records the first reason given; later ones are ignored. */
    public static synchronized void request(String why) {
        if (reason == null) {
            reason = why;
        }
    }

    public static boolean requested() {
        return reason != null;
    }

    /** Why the stop was asked for ("SIGTERM"), or null. */
    public static String reason() {
        return reason;
    }

    /** For a process that runs a second command (tests): the flag of the first does not carry over. */
    public static synchronized void clear() {
        reason = null;
    }

    /** Work refused or cut short because a stop was asked for; never retried. */
    public static final class Stopped extends IOException {

        public Stopped(String what) {
            super(what + ": stopped (" + reason + ")");
        }
    }
}
