package io.switchboard.sim.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.engine.EventSink;
import io.switchboard.json.EventJson;
import io.switchboard.model.Event;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class TrafficSimulatorTest {

  /** The demonstration's traffic: every kind of activity, over 2,000 calls. */
  private static final TrafficConfig BUSY =
      TrafficConfig.demo().toBuilder().duration(Optional.empty()).calls(2_000).build();

  @Test
  void theSameSeedAndConfigurationGiveTheSameEvents() {
    Recorded first = record(BUSY);
    Recorded second = record(BUSY);
    Recorded otherSeed = record(BUSY.withSeed(2));

    assertThat(first.events).isGreaterThan(10_000);
    assertThat(second.digest).isEqualTo(first.digest);
    assertThat(second.events).isEqualTo(first.events);
    assertThat(otherSeed.digest).isNotEqualTo(first.digest);
  }

  @Test
  void everyKindOfActivityRunsWithoutARejectedRequest() {
    SimulationReport report = record(BUSY).report;

    assertThat(report.offered()).isEqualTo(2_000);
    assertThat(report.answered() + report.abandoned()).isEqualTo(report.offered());
    assertThat(report.abandoned()).isPositive();
    assertThat(report.holds()).isPositive();
    assertThat(report.transfers()).isPositive();
    assertThat(report.conferences()).isPositive();
    assertThat(report.afterCallWorkSeconds()).isPositive();
    assertThat(report.occupancy()).isBetween(0.0, 1.0);
    assertThat(report.rejected()).as("%s", report.firstRejections()).isZero();
  }

  @Test
  void theEngineEndsEveryCallAndKeepsItsInvariants() {
    TrafficSimulator simulator =
        TrafficSimulator.standalone(
            BUSY.withCalls(500),
            (tenant, events) -> CompletableFuture.completedFuture(null),
            new TrafficSimulator.Options());
    simulator.run();
    var engine = simulator.tenants().engine(BUSY.tenant()).orElseThrow();

    assertThat(engine.callsInProgress()).isZero();
    assertThat(engine.invariantViolations()).isEmpty();
  }

  @Test
  void arrivalsFollowTheDaysProfile() {
    List<Double> nightAndDay = new java.util.ArrayList<>(java.util.Collections.nCopies(24, 0.0));
    for (int h = 8; h < 12; h++) {
      nightAndDay.set(h, 1.0);
    }
    TrafficConfig config =
        TrafficConfig.defaults().toBuilder()
            .profile(nightAndDay)
            .calls(0)
            .duration(Optional.of(Duration.ofDays(2)))
            .build();
    List<Double> hours = new java.util.ArrayList<>();
    TrafficSimulator.standalone(
            config,
            (tenant, events) -> CompletableFuture.completedFuture(null),
            new TrafficSimulator.Options()
                .calls(r -> hours.add(((r.arrivalSeconds() / 3600) + 8) % 24)))
        .run();

    // 360 calls an hour for 4 hours a day, over two days
    assertThat(hours).allMatch(h -> h >= 8 && h < 12);
    assertThat(hours.size()).isBetween(2_880 - 200, 2_880 + 200);
  }

  @Test
  void aFailingSinkStopsTheRunWithItsCause() {
    EventSink failing =
        (tenant, events) -> CompletableFuture.failedFuture(new IllegalStateException("disk full"));
    TrafficSimulator simulator =
        TrafficSimulator.standalone(BUSY, failing, new TrafficSimulator.Options());

    assertThatThrownBy(simulator::run)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("publishing failed")
        .hasMessageContaining("disk full");
  }

  @Test
  void aRunStoppedBeforeItsFirstCallEndsCountsTheTalkInProgress() {
    // every call lasts ten minutes: stopped at the fifth answer, no call has ended yet
    TrafficConfig longCalls =
        TrafficConfig.defaults().toBuilder()
            .queues(
                List.of(
                    new TrafficConfig.QueueConfig(
                        "q1", 360, new Distribution.Constant(600), Optional.empty())))
            .ivr(Optional.empty())
            .calls(1_000)
            .build();
    SimulationReport report = stoppedAtAnswer(longCalls, 5);

    assertThat(report.answered()).isEqualTo(5);
    assertThat(report.handleTimeSeconds()).isPositive();
    assertThat(report.occupancy()).isPositive();
  }

  @Test
  void aRunStoppedDuringAfterCallWorkCountsIt() {
    TrafficConfig longWrapUp =
        TrafficConfig.defaults().toBuilder()
            .queues(
                List.of(
                    new TrafficConfig.QueueConfig(
                        "q1", 360, new Distribution.Constant(5), Optional.empty())))
            .ivr(Optional.empty())
            .afterCallWork(Optional.of(new Distribution.Constant(600)))
            .calls(1_000)
            .build();
    SimulationReport report = stoppedAtAnswer(longWrapUp, 5);

    assertThat(report.afterCallWorkSeconds()).isPositive();
    assertThat(report.occupancy()).isPositive();
  }

  /** Runs {@code config} in virtual time and stops it when the {@code n}th agent answers. */
  private static SimulationReport stoppedAtAnswer(TrafficConfig config, int n) {
    java.util.concurrent.atomic.AtomicReference<TrafficSimulator> simulator =
        new java.util.concurrent.atomic.AtomicReference<>();
    int[] answers = {0};
    EventSink sink =
        (tenant, events) -> {
          for (Event event : events) {
            String dn = event.string(io.switchboard.model.Attribute.ThisDN).orElse("");
            if (event.type() == io.switchboard.model.EventType.EventEstablished
                && dn.length() == 7
                && dn.startsWith("1")
                && ++answers[0] == n) {
              simulator.get().stop();
            }
          }
          return CompletableFuture.completedFuture(null);
        };
    simulator.set(TrafficSimulator.standalone(config, sink, new TrafficSimulator.Options()));
    return simulator.get().run();
  }

  private record Recorded(SimulationReport report, String digest, long events) {}

  private static Recorded record(TrafficConfig config) {
    MessageDigest digest = sha256();
    EventJson json = new EventJson();
    long[] count = {0};
    EventSink sink =
        (tenant, events) -> {
          for (Event event : events) {
            digest.update(json.encode(event));
            count[0]++;
          }
          return CompletableFuture.completedFuture(null);
        };
    SimulationReport report =
        TrafficSimulator.standalone(config, sink, new TrafficSimulator.Options()).run();
    return new Recorded(report, HexFormat.of().formatHex(digest.digest()), count[0]);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
