package org.backupbatch.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackupIdTest {

    @Test
    void formatsTheStartTimeInUtcToTheSecond() {
        // given
        Instant start = Instant.parse("2026-11-29T03:25:51.987654Z");
        // when
        BackupId id = BackupId.of(start);
        // then
        assertThat(id.value()).isEqualTo("20261129T032551Z");
        assertThat(id.time()).isEqualTo(Instant.parse("2026-11-29T03:25:51Z"));
        assertThat(id).hasToString("20261129T032551Z");
    }

    @Test
    void parsesWhatItFormats() {
        // given
        BackupId id = BackupId.of(Instant.parse("2027-01-01T00:00:00Z"));
        // when
        Optional<BackupId> parsed = BackupId.parse(id.value());
        // then
        assertThat(parsed).contains(id);
    }

    @Test
    void idsSortAsTheirTimesDo() {
        // given
        List<BackupId> ids = List.of(BackupId.of(Instant.parse("2026-12-01T00:00:00Z")),
                BackupId.of(Instant.parse("2026-11-29T23:59:59Z")), BackupId.of(Instant.parse("2027-01-01T09:00:00Z")),
                BackupId.of(Instant.parse("2026-11-30T10:00:00Z")));
        // when
        List<BackupId> byValue = ids.stream().sorted(Comparator.comparing(BackupId::value)).toList();
        List<BackupId> byTime = ids.stream().sorted(Comparator.comparing(BackupId::time)).toList();
        // then
        assertThat(byValue).isEqualTo(byTime);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "latest", "20261129", "20261129T032551", "20261129T032551z", "2026-11-29T03:25:51Z",
        "20261129T032551Z.tar.gz", " 20261129T032551Z", "20261329T032551Z", "20261129T036051Z", "20261129T032560Z",
        "abcdefghTijklmnZ"})
    void parseRefusesWhatIsNotAnId(String text) {
        // given / when
        Optional<BackupId> parsed = BackupId.parse(text);
        // then
        assertThat(parsed).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"20260230T000000Z", "20261131T120000Z", "20261129T240000Z"})
    void parseRefusesADateOrTimeThatDoesNotExist(String text) {
        // given / when
        Optional<BackupId> parsed = BackupId.parse(text);
        // then: accepting it would give an id whose value and time disagree
        assertThat(parsed).isEmpty();
    }
}
