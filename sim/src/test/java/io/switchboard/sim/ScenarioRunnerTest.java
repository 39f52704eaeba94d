package io.switchboard.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.engine.Delivery;
import io.switchboard.engine.IdSource;
import io.switchboard.engine.Outcome;
import io.switchboard.model.Attribute;
import io.switchboard.model.ConnId;
import io.switchboard.model.Event;
import io.switchboard.model.EventType;
import io.switchboard.model.Timestamp;
import io.switchboard.model.request.Advance;
import io.switchboard.model.request.InboundCall;
import io.switchboard.model.request.RequestAnswerCall;
import io.switchboard.model.request.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The runner's own logic (bindings, expectError, the clock, failures) over a scripted stand-in for
 * the engine; {@link ScenarioRunnerEngineTest} runs scenarios on the real engine.
 */
class ScenarioRunnerTest {

  private static final Instant START = Instant.parse("2024-01-15T09:00:00Z");
  private static final ConnId CALL = new ConnId(0x006c02a8b7e30001L, "acme");

  private final ScenarioClock clock = new ScenarioClock(START);
  private final ScenarioRunner runner =
      new ScenarioRunner(
          (tenant, events) -> CompletableFuture.completedFuture(null),
          clock,
          IdSource.sequential(1));

  /**
   * Answers each step with what {@code outcomes} says and records the steps and the time it saw
   * them.
   */
  private static final class ScriptedEngine implements Function<Step, CompletableFuture<Outcome>> {
    final List<Step> steps = new ArrayList<>();
    final List<Instant> times = new ArrayList<>();
    final Function<Step, Outcome> outcomes;
    final ScenarioClock clock;

    ScriptedEngine(ScenarioClock clock, Function<Step, Outcome> outcomes) {
      this.clock = clock;
      this.outcomes = outcomes;
    }

    @Override
    public CompletableFuture<Outcome> apply(Step step) {
      steps.add(step);
      times.add(clock.instant());
      return CompletableFuture.completedFuture(outcomes.apply(step));
    }
  }

  private static Event event(EventType type, Object... attributes) {
    Event.Builder builder =
        Event.builder(type)
            .with(Attribute.Server, "switchboard")
            .with(Attribute.time, new Timestamp(1, 0))
            .with(Attribute.ThisDN, "5001");
    for (int i = 0; i < attributes.length; i += 2) {
      builder.with((Attribute) attributes[i], attributes[i + 1]);
    }
    return builder.build();
  }

  private static Outcome accepted(String party, EventType type) {
    return new Outcome(1, List.of(new Delivery(party, event(type))), Optional.empty());
  }

  private static Outcome rejected(String message) {
    Event error =
        event(EventType.EventError, Attribute.ErrorCode, 96L, Attribute.ErrorMessage, message);
    return new Outcome(1, List.of(new Delivery("5001", error)), Optional.empty());
  }

  private static Outcome callCreated() {
    return new Outcome(
        0, List.of(new Delivery("5001", event(EventType.EventDNDOn))), Optional.of(CALL));
  }

  @Test
  void bindsTheCallAStepCreatedAndResolvesItInLaterSteps() {
    ScenarioFile scenario =
        ScenarioFile.parse(
            """
            tenant: acme
            steps:
              - InboundCall: {From: "+14155550100", To: "5001", as: c1}
              - RequestAnswerCall: {ThisDN: "5001", ConnID: $c1}
            """);
    ScriptedEngine engine =
        new ScriptedEngine(
            clock,
            step ->
                step instanceof InboundCall
                    ? callCreated()
                    : accepted("5001", EventType.EventDNDOn));

    ScenarioResult result = runner.run(scenario, engine);

    assertThat(result.succeeded()).isTrue();
    assertThat(result.bindings()).containsExactly(java.util.Map.entry("c1", CALL));
    assertThat(engine.steps.get(1))
        .isEqualTo(
            new RequestAnswerCall(
                "5001", CALL, io.switchboard.model.request.RequestAttributes.NONE));
  }

  @Test
  void advanceMovesTheClockBeforeTheEngineSeesTheStep() {
    ScenarioFile scenario =
        ScenarioFile.parse(
            "tenant: acme\nsteps:\n  - Advance: {seconds: 30}\n  - Advance: {seconds: 0.5}\n");
    ScriptedEngine engine =
        new ScriptedEngine(clock, step -> new Outcome(0, List.of(), Optional.empty()));

    ScenarioResult result = runner.run(scenario, engine);

    assertThat(result.succeeded()).isTrue();
    assertThat(engine.steps)
        .containsExactly(new Advance(Duration.ofSeconds(30)), new Advance(Duration.ofMillis(500)));
    assertThat(engine.times).containsExactly(START.plusSeconds(30), START.plusMillis(30_500));
  }

  @Test
  void keepsEveryDeliveryInOrder() {
    ScenarioFile scenario =
        ScenarioFile.parse(
            "tenant: acme\n"
                + "steps:\n"
                + "  - RequestSetDNDOn: {ThisDN: \"5001\"}\n"
                + "  - RequestSetDNDOff: {ThisDN: \"5001\"}\n");
    ScriptedEngine engine =
        new ScriptedEngine(
            clock,
            step ->
                step.name().equals("RequestSetDNDOn")
                    ? accepted("5001", EventType.EventDNDOn)
                    : accepted("5001", EventType.EventDNDOff));

    ScenarioResult result = runner.run(scenario, engine);

    assertThat(result.partyEvents())
        .extracting(d -> d.event().type())
        .containsExactly(EventType.EventDNDOn, EventType.EventDNDOff);
  }

  @Test
  void aRejectedStepStopsTheRunNamingTheStepAndTheError() {
    ScenarioFile scenario =
        ScenarioFile.parse(
            "tenant: acme\n"
                + "steps:\n"
                + "  - RequestSetDNDOn: {ThisDN: \"5001\"}\n"
                + "  - RequestSetDNDOff: {ThisDN: \"5001\"}\n"
                + "  - RequestSetDNDOn: {ThisDN: \"5001\"}\n");
    ScriptedEngine engine =
        new ScriptedEngine(
            clock,
            step ->
                step.name().equals("RequestSetDNDOff")
                    ? rejected("DND is not on")
                    : accepted("5001", EventType.EventDNDOn));

    ScenarioResult result = runner.run(scenario, engine);

    assertThat(engine.steps).hasSize(2);
    assertThat(result.failure()).isPresent();
    assertThat(result.failure().get().step().number()).isEqualTo(2);
    assertThat(result.failure().get().message())
        .isEqualTo(
            "step 2 (line 4): RequestSetDNDOff: {ThisDN: \"5001\"}\n"
                + "  the engine rejected it with EventError 96: DND is not on; add expectError:"
                + " true if the step is meant to fail");
    assertThat(result.partyEvents())
        .extracting(d -> d.event().type())
        .containsExactly(EventType.EventDNDOn, EventType.EventError);
  }

  @Test
  void aRejectionThatIsExpectedLetsTheRunGoOn() {
    ScenarioFile scenario =
        ScenarioFile.parse(
            "tenant: acme\n"
                + "steps:\n"
                + "  - RequestSetDNDOff: {ThisDN: \"5001\", expectError: true}\n"
                + "  - RequestSetDNDOn: {ThisDN: \"5001\"}\n");
    ScriptedEngine engine =
        new ScriptedEngine(
            clock,
            step ->
                step.name().equals("RequestSetDNDOff")
                    ? rejected("DND is not on")
                    : accepted("5001", EventType.EventDNDOn));

    ScenarioResult result = runner.run(scenario, engine);

    assertThat(result.succeeded()).isTrue();
    assertThat(engine.steps).hasSize(2);
  }

  @Test
  void anAcceptedStepThatShouldHaveFailedStopsTheRun() {
    ScenarioFile scenario =
        ScenarioFile.parse(
            "tenant: acme\nsteps:\n  - RequestSetDNDOn: {ThisDN: \"5001\", expectError: true}\n");
    ScriptedEngine engine =
        new ScriptedEngine(clock, step -> accepted("5001", EventType.EventDNDOn));

    ScenarioResult result = runner.run(scenario, engine);

    assertThat(result.failure())
        .map(ScenarioFailure::reason)
        .contains("expectError: true, but the engine accepted it and caused EventDNDOn to 5001");
  }

  @Test
  void anAsOnAStepThatCreatedNoCallStopsTheRun() {
    ScenarioFile scenario =
        ScenarioFile.parse(
            "tenant: acme\nsteps:\n  - RequestSetDNDOn: {ThisDN: \"5001\", as: c1}\n");
    ScriptedEngine engine =
        new ScriptedEngine(clock, step -> accepted("5001", EventType.EventDNDOn));

    ScenarioResult result = runner.run(scenario, engine);

    assertThat(result.failure())
        .map(ScenarioFailure::reason)
        .contains("as: c1, but RequestSetDNDOn created no call whose ConnID could be bound");
    assertThat(result.bindings()).isEmpty();
  }

  @Test
  void anExpectedAttributeThatIsAbsentStopsTheRun() {
    ScenarioFile scenario =
        ScenarioFile.parse(
            """
            tenant: acme
            steps:
              - InboundCall: {From: "+14155550100", To: "5001", as: c1}
                expect:
                  - {party: "5001", id: EventMuteOn, ThisDN: "5001", ReferenceID: 4}
            """);
    Event muted = event(EventType.EventMuteOn, Attribute.ConnID, CALL);
    ScriptedEngine engine =
        new ScriptedEngine(
            clock, step -> new Outcome(0, List.of(new Delivery("5001", muted)), Optional.of(CALL)));

    assertThat(runner.run(scenario, engine).failure())
        .map(ScenarioFailure::reason)
        .contains("event 1 (EventMuteOn to 5001): ReferenceID is absent, expected 4");
  }

  @Test
  void anExpectedConnIdStandsForTheBoundCall() {
    ScenarioFile scenario =
        ScenarioFile.parse(
            """
            tenant: acme
            steps:
              - InboundCall: {From: "+14155550100", To: "5001", as: c1}
                expect:
                  - {party: "5001", id: EventMuteOn, ConnID: $c1}
            """);
    Event muted = event(EventType.EventMuteOn, Attribute.ConnID, CALL);

    assertThat(
            runner
                .run(
                    scenario,
                    new ScriptedEngine(
                        clock,
                        step ->
                            new Outcome(
                                0, List.of(new Delivery("5001", muted)), Optional.of(CALL))))
                .succeeded())
        .isTrue();
    assertThat(
            runner
                .run(
                    scenario,
                    new ScriptedEngine(
                        clock,
                        step ->
                            new Outcome(
                                0,
                                List.of(
                                    new Delivery(
                                        "5001",
                                        event(
                                            EventType.EventMuteOn,
                                            Attribute.ConnID,
                                            new ConnId(2, "acme")))),
                                Optional.of(CALL))))
                .failure())
        .map(ScenarioFailure::reason)
        .contains(
            "event 1 (EventMuteOn to 5001): ConnID is \"0000000000000002@acme\", expected \"$c1\"");
  }

  @Test
  void aStepThatDeliversOtherEventsThanExpectedStopsTheRun() {
    ScenarioFile scenario =
        ScenarioFile.parse(
            """
            tenant: acme
            steps:
              - RequestSetDNDOn: {ThisDN: "5001"}
                expect:
                  - {party: "5001", id: EventDNDOn, ThisDN: "5002", ReferenceID: 9}
                  - {party: "5002", id: EventDNDOn}
            """);
    Outcome two =
        new Outcome(
            1,
            List.of(
                new Delivery("5001", event(EventType.EventDNDOn, Attribute.ReferenceID, 1L)),
                new Delivery("5001", event(EventType.EventDNDOff))),
            Optional.empty());

    ScenarioResult result = runner.run(scenario, new ScriptedEngine(clock, step -> two));

    assertThat(result.failure().get().message())
        .isEqualTo(
            "step 1 (line 3): RequestSetDNDOn: {ThisDN: \"5001\"}\n"
                + "    expect:\n"
                + "      - {party: \"5001\", id: EventDNDOn, ThisDN: \"5002\", ReferenceID: 9}\n"
                + "      - {party: \"5002\", id: EventDNDOn}\n"
                + "  event 1 (EventDNDOn to 5001): ReferenceID is 1, expected 9\n"
                + "  event 1 (EventDNDOn to 5001): ThisDN is \"5001\", expected \"5002\"\n"
                + "  event 2 (EventDNDOn to 5002): the step delivered EventDNDOff to 5001");
  }

  @Test
  void aStepThatDeliversMoreOrFewerEventsThanExpectedStopsTheRun() {
    ScenarioFile scenario =
        ScenarioFile.parse(
            "tenant: acme\nsteps:\n  - RequestSetDNDOn: {ThisDN: \"5001\", expect: []}\n");

    ScenarioResult result =
        runner.run(
            scenario, new ScriptedEngine(clock, step -> accepted("5001", EventType.EventDNDOn)));

    assertThat(result.failure())
        .map(ScenarioFailure::reason)
        .contains("expected 0 event(s): [], but the step delivered 1: [EventDNDOn to 5001]");
  }

  @Test
  void aFailingEngineStopsTheRunWithTheCause() {
    ScenarioFile scenario =
        ScenarioFile.parse("tenant: acme\nsteps:\n  - RequestSetDNDOn: {ThisDN: \"5001\"}\n");
    IllegalStateException bug = new IllegalStateException("bug");

    ScenarioResult result =
        runner.run(
            scenario,
            step -> {
              throw bug;
            });

    assertThat(result.failure())
        .map(ScenarioFailure::reason)
        .contains("the engine failed: java.lang.IllegalStateException: bug");
    assertThat(result.failure()).flatMap(ScenarioFailure::cause).containsSame(bug);
  }

  @Test
  void aFailingSinkStopsTheRunWithTheCause() {
    ScenarioFile scenario =
        ScenarioFile.parse("tenant: acme\nsteps:\n  - RequestSetDNDOn: {ThisDN: \"5001\"}\n");
    java.io.IOException down = new java.io.IOException("broker down");

    ScenarioResult result = runner.run(scenario, step -> CompletableFuture.failedFuture(down));

    assertThat(result.failure())
        .map(ScenarioFailure::reason)
        .contains("the step failed: java.io.IOException: broker down");
    assertThat(result.failure()).flatMap(ScenarioFailure::cause).containsSame(down);
  }
}
