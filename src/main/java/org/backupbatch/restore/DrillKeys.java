package org.backupbatch.restore;

/**
 * Names that identify a restore drill in the job repository: the job and the steps of its own
 * (the others are the restore's, {@link RestoreKeys}, and so are its parameters: {@code target}
 * is the drill's synthetic site, {@code .drill-<site>-<run>}).
 */
public final class DrillKeys {

    public static final String JOB = "drill";

    /** Sweeps what killed drills left, makes this drill's scratch place empty, pins the backup. */
    public static final String STEP_PREPARE = "prepareScratch";
    /** Removes the scratch place and records the drill in the backup's sidecar manifest. */
    public static final String STEP_FINISH = "finishDrill";

    private DrillKeys() {
    }
}
