package org.backupbatch.backup;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Records each step's bytes and duration in its execution context ({@link #BYTES}, {@link
 * #DURATION}), where the job repository keeps them, and, for a completed step, in the job's
 * context ({@code steps.<step name>}), where a later step finds them: the backup's assemble step
 * writes those of the steps before it into the manifest. The step's tasklet says how many bytes
 * it moved by putting {@link #BYTES} into its own context; a step that moves none records 0.
 */
public final class StepTimer implements StepExecutionListener {

    /** Bytes the step moved (put by its tasklet). */
    public static final String BYTES = "step.bytes";
    /** Wall-clock time of the step, in milliseconds (put by this listener). */
    public static final String DURATION = "step.duration_ms";
    private static final String JOB_PREFIX = "steps.";

    @Override
    public ExitStatus afterStep(StepExecution step) {
        ExecutionContext context = step.getExecutionContext();
        LocalDateTime start = step.getStartTime();
        long millis = start == null ? 0 : Duration.between(start, LocalDateTime.now()).toMillis();
        long bytes = context.containsKey(BYTES) ? context.getLong(BYTES) : 0;
        context.putLong(BYTES, bytes);
        context.putLong(DURATION, millis);
        if (step.getStatus() == BatchStatus.COMPLETED) {
            Map<String, Long> figures = new LinkedHashMap<>();
            figures.put("bytes", bytes);
            figures.put("duration_ms", millis);
            step.getJobExecution().getExecutionContext().put(JOB_PREFIX + step.getStepName(), figures);
        }
        return null;
    }

    /** The figures of the completed step {@code name} that the job's context holds, or null. */
    @SuppressWarnings("unchecked")
    static Map<String, Long> of(ExecutionContext job, String name) {
        return (Map<String, Long>) job.get(JOB_PREFIX + name);
    }
}
