package io.switchboard.sim.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrafficConfigTest {

  @TempDir Path dir;

  @Test
  void aFileChangesWhatItNamesAndKeepsTheDefaultsOfTheRest() throws IOException {
    Path file = dir.resolve("center.yaml");
    Files.writeString(
        file,
        """
        seed: 7
        queues:
          - {name: sales, callsPerHour: 120, handleTime: lognormal:240:0.5, patience: none}
          - {name: support, patience: {dist: exponential, mean: 90}}
        agents:
          - {count: 5, queues: [sales]}
          - {count: 3, queues: [sales, support]}
        afterCallWork: constant:15
        holds: {share: 0.1, time: uniform:10:50}
        conferences: {share: 0.02}
        duration: 8h
        calls: 0
        """);

    TrafficConfig config = TrafficConfig.read(file);

    assertThat(config.seed()).isEqualTo(7);
    assertThat(config.queues()).hasSize(2);
    assertThat(config.queues().get(0).handleTime()).isEqualTo(new Distribution.LogNormal(240, 0.5));
    assertThat(config.queues().get(0).patience()).isEmpty();
    assertThat(config.queues().get(1).callsPerHour()).isEqualTo(360);
    assertThat(config.queues().get(1).patience()).contains(new Distribution.Exponential(90));
    assertThat(config.agentCount()).isEqualTo(8);
    assertThat(config.afterCallWork()).contains(new Distribution.Constant(15));
    assertThat(config.holdTime()).isEqualTo(new Distribution.Uniform(10, 50));
    assertThat(config.conferenceShare()).isEqualTo(0.02);
    assertThat(config.duration()).contains(java.time.Duration.ofHours(8));
    assertThat(config.tenant()).isEqualTo("sim");
    assertThat(config.ivr()).isEqualTo(TrafficConfig.defaults().ivr());
  }

  @Test
  void mistakesAreNamedWithWhatToWriteInstead() throws IOException {
    assertThatThrownBy(() -> read("queus: []"))
        .hasMessageContaining("unknown setting 'queus'")
        .hasMessageContaining("queues");
    assertThatThrownBy(() -> read("agents: [{count: 3, queues: [nope]}]"))
        .hasMessageContaining("queue 'nope', which is not configured");
    assertThatThrownBy(() -> read("ivr: gaussian:3"))
        .hasMessageContaining("ivr: unknown distribution 'gaussian'");
    assertThatThrownBy(() -> read("holds: {share: 1.5}"))
        .hasMessageContaining("share of holds must be between 0 and 1");
    assertThatThrownBy(() -> read("profile: [1, 2]")).hasMessageContaining("24 factors");
  }

  @Test
  void distributionsHaveTheirMeans() {
    SplittableRandom random = new SplittableRandom(3);
    for (Distribution d :
        new Distribution[] {
          Distribution.parse("exponential:100"),
          Distribution.parse("lognormal:100:0.8"),
          Distribution.parse("uniform:50:150"),
          Distribution.parse("constant:100")
        }) {
      double sum = 0;
      int n = 200_000;
      for (int i = 0; i < n; i++) {
        double x = d.sample(random);
        assertThat(x).isNotNegative();
        sum += x;
      }
      // five standard errors of the mean
      double tolerance = 5 * 100 * Math.sqrt(d.scv()) / Math.sqrt(n) + 1e-9;
      assertThat(sum / n)
          .as(d.describe())
          .isCloseTo(100, org.assertj.core.data.Offset.offset(tolerance));
      assertThat(Distribution.parse(d.describe())).isEqualTo(d);
    }
    assertThatThrownBy(() -> Distribution.parse("exponential"))
        .hasMessageContaining("write kind:mean");
  }

  @Test
  void erlangFormulasMatchPublishedValues() {
    // 10 agents, 8 erlangs: the Erlang C probability of waiting is 0.4092 (standard tables)
    assertThat(QueueingTheory.erlangC(10, 8.0))
        .isCloseTo(0.4092, org.assertj.core.data.Offset.offset(1e-4));
    // with a very patient caller Erlang A tends to Erlang C
    QueueingTheory.Figures c = QueueingTheory.erlangC(10, 8.0 / 180, 1 / 180.0, 20);
    QueueingTheory.Figures a = QueueingTheory.erlangA(10, 8.0 / 180, 1 / 180.0, 1e-9, 20);
    assertThat(a.pWait()).isCloseTo(c.pWait(), org.assertj.core.data.Offset.offset(1e-4));
    assertThat(a.asaSeconds()).isCloseTo(c.asaSeconds(), org.assertj.core.data.Offset.offset(0.05));
    assertThat(a.serviceLevel())
        .isCloseTo(c.serviceLevel(), org.assertj.core.data.Offset.offset(1e-4));
    assertThat(Optional.of(a.abandoned())).get().satisfies(x -> assertThat(x).isLessThan(1e-6));
  }

  private TrafficConfig read(String yaml) throws IOException {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, yaml);
    return TrafficConfig.read(file);
  }
}
