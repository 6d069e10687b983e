package org.backupbatch.cli;

import java.io.PrintStream;

/**
 * {@code --help}, {@code help} or {@code job=help}: the usage of every job word, one example each,
 * on stdout. With no words at all the same usage is printed, but the run is bad usage (exit 2):
 * a scheduler that lost its arguments must not read success. Needs no home folder and no Spring.
 */
final class HelpCommand {

    /** Every job of PRODUCT §2, in the order a new user meets them; one example each. */
    private static final String[][] JOBS = {
        {"backup", "site=<name> [fresh=yes] | site=all|sites=<group> [concurrency=4] [per_host=2]"
                + " [night=YYYY-MM-DD] [mode=local|distributed] [queue=<name>]",
            "back up one site, or every site (or a group) in one fleet night with caps overall and per SSH"
                    + " host; the same words after a failure resume the run (the night: only its failed sites),"
                    + " fresh=yes abandons a site's run", "job=backup site=blog"},
        {"restore", "site=<name> backup=<id|latest> [target=<site>] [parts=files,db] [mode=overlay|mirror]"
                + " [dry-run=yes] [confirm=yes] [keep_backup_credentials=yes] [fresh=yes] [from=<copy>]",
            "restore a backup into the site or another one (a staging copy), after a safety snapshot;"
                    + " the same words after a failure resume it, fresh=yes abandons it",
            "job=restore site=blog backup=latest target=staging confirm=yes"},
        {"list", "[site=<name>] [format=table|json] | site=<name> from=<copy> | site=all|sites=<group> "
                + "[night=YYYY-MM-DD]",
            "the backups of a site (size, parts, verified, drilled) and its recent runs; with site=all, a fleet "
                + "night: each site's status, host, archive", "job=list site=blog"},
        {"config", "site=<name> | action=init site=<name> host=<h> user=<u> remote_path=<dir> [port=<n>]"
                + " [provider=<p>] [app_type=<a>] [private_key_path=<file>] [known_hosts=<file>] | action=seal",
            "show a site's configuration, each value with its layer (secrets hidden); write a new site file;"
                    + " seal a secret read on stdin into ENC(...)", "job=config site=blog"},
        {"validate", "site=<name>|all",
            "every check of the backup's validate step (SSH, host key, paths, database login, tools, free space);"
                    + " nothing written", "job=validate site=blog"},
        {"prune", "site=<name>|all [dry-run=yes]", "apply the retention policy now", "job=prune site=blog dry-run=yes"},
        {"drill", "site=<name> [backup=<id|latest>] [fresh=yes]",
            "restore a backup into a scratch folder and database, check it, remove it, record the result"
                    + " (job=list shows it); the same words after a failure resume it, fresh=yes abandons it",
            "job=drill site=blog"},
        {"worker", "spring.datasource.url=<jdbc url> [concurrency=2] [queue=<name>] [spring.rabbitmq.host=<h>]",
            "serve the sites of distributed fleet nights (job=backup site=all mode=distributed), concurrency at"
                    + " once, until stopped: shared job repository and RabbitMQ",
            "job=worker spring.datasource.url=jdbc:mariadb://db.example.net/backup_batch"},
    };

    private HelpCommand() {
    }

    /** Prints the usage; exit 0. */
    static int run(PrintStream out) {
        out.print(usage());
        out.println(new Summary("help").add("status", "COMPLETED"));
        return ExitCodes.COMPLETED;
    }

    /** No words at all: the usage, then bad usage (exit 2), as a missing {@code job=} always was. */
    static int withoutWords(PrintStream out, PrintStream err) {
        out.print(usage());
        err.println("error: job= is missing");
        out.println(new Summary("backup-batch").add("status", "INVALID").add("error", "job= is missing"));
        return ExitCodes.BAD_CONFIGURATION;
    }

    static String usage() {
        StringBuilder text = new StringBuilder("""
                usage: java -jar backup-batch.jar job=<job> [site=<name>] [home=<dir>] [key=value ...]
                       java -jar backup-batch.jar --help | --version

                jobs:
                """);
        for (String[] job : JOBS) {
            String missing = CommandLine.JOBS.containsKey(job[0]) ? "" : " (not in this build yet)";
            text.append("  job=").append(job[0]).append(' ').append(job[1]).append('\n')
                    .append("      ").append(job[2]).append(missing).append('\n')
                    .append("      e.g. java -jar backup-batch.jar ").append(job[3]).append('\n');
        }
        return text.append("""

                home=<dir>: the folder holding jobs/<site>.yaml; else $BACKUP_BATCH_HOME, else the current folder.
                spring.datasource.url=<jdbc url>: a job repository of your own instead of <home>/.backup-batch.
                exit codes: 0 completed, 1 failed (run the same words again to resume), 2 bad usage or
                configuration (nothing started), 3 already running for this site.
                The last line on stdout is a summary: key=value tokens, status=COMPLETED|FAILED|INVALID|...
                """).toString();
    }
}
