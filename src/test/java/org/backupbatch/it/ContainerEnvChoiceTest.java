package org.backupbatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** How the ITs choose between the local services and containers. */
class ContainerEnvChoiceTest {

    @Test
    void autoChoosesContainersOnlyWhenADockerEngineAnswers() {
        assertThat(ContainerEnv.chosen(null, () -> true)).isTrue();
        assertThat(ContainerEnv.chosen(null, () -> false)).isFalse();
        assertThat(ContainerEnv.chosen("auto", () -> true)).isTrue();
    }

    @Test
    void theTestsPropertyWinsWithoutAskingForAnEngine() {
        // given
        AtomicInteger asked = new AtomicInteger();

        // then
        assertThat(ContainerEnv.chosen("yes", () -> asked.incrementAndGet() > 0 && false)).isTrue();
        assertThat(ContainerEnv.chosen("no", () -> asked.incrementAndGet() > 0)).isFalse();
        assertThat(asked).hasValue(0);
    }

    @Test
    void anyOtherValueIsRefused() {
        assertThatThrownBy(() -> ContainerEnv.chosen("maybe", () -> true))
                .hasMessageContaining("backup-batch.test.containers=maybe");
    }
}
