package io.switchboard.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.engine.EventSink;
import io.switchboard.engine.IdSource;
import io.switchboard.engine.TenantEngine;
import io.switchboard.model.Event;
import io.switchboard.model.EventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Scenarios run on the real engine. They rely only on the engine's most basic behaviour (an inbound
 * call to a ready agent rings and can be answered; a request about a call that does not exist is
 * rejected; DND creates no call) and are skipped while {@link TenantEngine#handle} is not
 * implemented.
 */
class ScenarioRunnerEngineTest {

  private static final Instant START = Instant.parse("2024-01-15T09:00:00Z");

  /** Keeps what the engine published, per tenant, in order. */
  private static final class RecordingSink implements EventSink {
    final List<String> tenants = new ArrayList<>();
    final List<Event> events = new ArrayList<>();

    @Override
    public synchronized CompletableFuture<Void> publish(String tenant, List<Event> published) {
      published.forEach(e -> tenants.add(tenant));
      events.addAll(published);
      return CompletableFuture.completedFuture(null);
    }
  }

  private final RecordingSink sink = new RecordingSink();
  private final ScenarioClock clock = new ScenarioClock(START);
  private final ScenarioRunner runner =
      new ScenarioRunner(sink, clock, IdSource.sequential(0x006c02a8b7e30001L));

  @Test
  void runsAnInboundCallToAnAgent() {
    ScenarioResult result =
        runner.run(
            ScenarioFile.parse(
                """
                tenant: acme
                directory:
                  - {dn: "5001", type: Extension}
                steps:
                  - RequestAgentLogin: {ThisDN: "5001", AgentID: "1001"}
                  - RequestAgentReady: {ThisDN: "5001"}
                  - InboundCall: {From: "+14155550100", To: "5001", as: c1, UserData: {Segment: Gold}}
                  - RequestAnswerCall: {ThisDN: "5001", ConnID: $c1}
                  - RequestUpdateUserData: {ThisDN: "5001", ConnID: $c1, UserData: {Disposition: Sale}}
                  - RequestReleaseCall: {ThisDN: "5001", ConnID: $c1}
                """));

    assertThat(result.failure()).isEmpty();
    assertThat(result.bindings().get("c1").site()).isEqualTo("acme");
    assertThat(result.partyEvents())
        .anySatisfy(
            d -> {
              assertThat(d.party()).isEqualTo("5001");
              assertThat(d.event().type()).isEqualTo(EventType.EventRinging);
            });
    assertThat(sink.tenants).isNotEmpty().containsOnly("acme");
    assertThat(sink.events).allSatisfy(e -> assertThat(e.type().published()).isTrue());
  }

  @Test
  void anExpectedRejectionReachesTheRequesterAndTheRunGoesOn() {
    ScenarioResult result =
        runner.run(
            ScenarioFile.parse(
                """
                tenant: acme
                directory: [{dn: "5001", type: Extension}]
                steps:
                  - RequestAnswerCall: {ThisDN: "5001", ConnID: "00000000000000ff", expectError: true}
                  - RequestSetDNDOn: {ThisDN: "5001"}
                """));

    assertThat(result.failure()).isEmpty();
    assertThat(result.partyEvents())
        .extracting(d -> d.event().type())
        .contains(EventType.EventError);
  }

  @Test
  void anUnexpectedRejectionStopsTheRun() {
    ScenarioResult result =
        runner.run(
            ScenarioFile.parse(
                """
                tenant: acme
                directory: [{dn: "5001", type: Extension}]
                steps:
                  - RequestAnswerCall: {ThisDN: "5001", ConnID: "00000000000000ff"}
                  - RequestSetDNDOn: {ThisDN: "5001"}
                """));

    assertThat(result.failure()).isPresent();
    assertThat(result.failure().get().message())
        .startsWith(
            "step 1 (line 4): RequestAnswerCall: {ThisDN: \"5001\", ConnID: \"00000000000000ff\"}\n"
                + "  the engine rejected it with EventError");
  }

  @Test
  void anAsOnAStepThatCreatesNoCallStopsTheRun() {
    ScenarioResult result =
        runner.run(
            ScenarioFile.parse(
                "tenant: acme\n"
                    + "directory: [{dn: \"5001\", type: Extension}]\n"
                    + "steps:\n"
                    + "  - RequestSetDNDOn: {ThisDN: \"5001\", as: c1}\n"));

    assertThat(result.failure())
        .map(ScenarioFailure::reason)
        .contains("as: c1, but RequestSetDNDOn created no call whose ConnID could be bound");
  }

  @Test
  void advanceMovesTheEnginesClock() {
    ScenarioResult result =
        runner.run(ScenarioFile.parse("tenant: acme\nsteps:\n  - Advance: {seconds: 30}\n"));

    assertThat(result.failure()).isEmpty();
    assertThat(clock.instant()).isEqualTo(START.plusSeconds(30));
  }
}
