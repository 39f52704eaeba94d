package io.switchboard.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Faults are spread over a chaos run whatever its length. */
class ChaosSpacingTest {

  @Test
  void aShortRunGetsEveryKindOfFaultOnce() {
    // one minute, three kinds, one every 30 s: at that pace only one would come
    assertThat(Chaos.spacing(Duration.ofMinutes(1), Duration.ofSeconds(30), 3))
        .isEqualTo(Duration.ofSeconds(15));
    assertThat(Chaos.spacing(Duration.ofSeconds(24), Duration.ofSeconds(8), 1))
        .isEqualTo(Duration.ofSeconds(8));
  }

  @Test
  void aLongRunKeepsTheAskedPace() {
    assertThat(Chaos.spacing(Duration.ofMinutes(10), Duration.ofSeconds(30), 3))
        .isEqualTo(Duration.ofSeconds(30));
  }
}
