package org.backupbatch.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.backupbatch.errors.FatalError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.repository.dao.DefaultExecutionContextSerializer;
import org.springframework.batch.infrastructure.item.ExecutionContext;

class WorkValuesTest {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };

    @TempDir
    Path work;

    @Test
    void fiveThousandWarningsLeaveTheContextSmallAndReadBackWhole() throws Exception {
        // given
        List<String> warnings = IntStream.range(0, 5000)
                .mapToObj(i -> "tar: www/uploads/f" + i + ".jpg: Warning: Cannot open: Permission denied").toList();
        ExecutionContext step = new ExecutionContext();
        ExecutionContext job = new ExecutionContext();
        job.put(BackupKeys.FILES_WARNINGS, new ArrayList<>(List.of("stale, from an earlier attempt")));
        // when
        WorkValues.put(step, job, BackupKeys.FILES_WARNINGS, warnings, work.resolve(".work/x"));
        // then: the context is far under MariaDB's 64 KB column, and the value comes back
        assertThat(serializedLength(step)).isLessThan(2500);
        assertThat(job.containsKey(BackupKeys.FILES_WARNINGS)).isFalse();
        assertThat(WorkValues.get(step, BackupKeys.FILES_WARNINGS, STRINGS)).isEqualTo(warnings);
        assertThat(Files.getPosixFilePermissions(Path.of(step.getString("files.warnings.file"))))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void rowCountsKeepTheirOrderAndTheirType() throws Exception {
        // given
        Map<String, Long> rows = new LinkedHashMap<>();
        rows.put("wp_posts", 12L);
        rows.put("wp_a", 5_000_000_000L);
        ExecutionContext step = new ExecutionContext();
        // when
        WorkValues.put(step, new ExecutionContext(), BackupKeys.DB_ROWS, rows, work);
        Map<String, Long> read = WorkValues.get(step, BackupKeys.DB_ROWS,
                new TypeReference<LinkedHashMap<String, Long>>() { });
        // then
        assertThat(read).containsExactly(Map.entry("wp_posts", 12L), Map.entry("wp_a", 5_000_000_000L));
    }

    @Test
    void aDamagedOrMissingFileIsRefused() throws Exception {
        // given
        ExecutionContext step = new ExecutionContext();
        WorkValues.put(step, new ExecutionContext(), BackupKeys.FILES_WARNINGS, List.of("one"), work);
        Path file = Path.of(step.getString("files.warnings.file"));
        // when: damaged
        Files.writeString(file, "[\"two\"]");
        // then
        assertThatThrownBy(() -> WorkValues.get(step, BackupKeys.FILES_WARNINGS, STRINGS))
                .isInstanceOf(FatalError.class).hasMessageContaining("is damaged: sha256 ");
        // when: gone
        Files.delete(file);
        // then
        assertThatThrownBy(() -> WorkValues.get(step, BackupKeys.FILES_WARNINGS, STRINGS))
                .isInstanceOf(FatalError.class).hasMessageContaining("is missing");
    }

    @Test
    void aValueRecordedInTheContextBeforeWorkFilesIsStillRead() throws Exception {
        // given: a run that failed before an upgrade, resumed after it
        ExecutionContext job = new ExecutionContext();
        job.put(BackupKeys.FILES_WARNINGS, new ArrayList<>(List.of("tar: a: file changed as we read it")));
        // when / then
        assertThat(WorkValues.get(job, BackupKeys.FILES_WARNINGS, STRINGS)).containsExactly(
                "tar: a: file changed as we read it");
        assertThat(WorkValues.get(new ExecutionContext(), BackupKeys.FILES_WARNINGS, STRINGS)).isNull();
    }

    private static int serializedLength(ExecutionContext context) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, Object> map = new LinkedHashMap<>();
        context.entrySet().forEach(e -> map.put(e.getKey(), e.getValue()));
        new DefaultExecutionContextSerializer().serialize(map, out);
        return out.size();
    }
}
