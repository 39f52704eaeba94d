package io.switchboard.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScenarioClockTest {

  private static final Instant START = Instant.parse("2024-01-15T09:00:00Z");

  @Test
  void standsStillUntilAdvanced() {
    ScenarioClock clock = new ScenarioClock(START);

    assertThat(clock.instant()).isEqualTo(START);
    assertThat(clock.millis()).isEqualTo(START.toEpochMilli());

    clock.advance(Duration.ofMillis(2500));
    clock.advance(Duration.ZERO);

    assertThat(clock.instant()).isEqualTo(START.plusMillis(2500));
  }

  @Test
  void doesNotRunBack() {
    ScenarioClock clock = new ScenarioClock(START);

    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only moves forward");
    assertThat(clock.instant()).isEqualTo(START);
  }
}
