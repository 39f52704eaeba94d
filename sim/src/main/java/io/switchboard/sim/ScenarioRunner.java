package io.switchboard.sim;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.engine.Delivery;
import io.switchboard.engine.EventSink;
import io.switchboard.engine.IdSource;
import io.switchboard.engine.Outcome;
import io.switchboard.engine.TenantConfig;
import io.switchboard.engine.Tenants;
import io.switchboard.json.ConnIdResolver;
import io.switchboard.json.EventJson;
import io.switchboard.json.ParsedStep;
import io.switchboard.json.StepFormatException;
import io.switchboard.json.StepJson;
import io.switchboard.model.Attribute;
import io.switchboard.model.ConnId;
import io.switchboard.model.Event;
import io.switchboard.model.EventType;
import io.switchboard.model.ValueType;
import io.switchboard.model.request.Advance;
import io.switchboard.model.request.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs a {@link ScenarioFile} on a fresh engine, step by step, as docs/scenarios.md defines it.
 *
 * <p>Each step is submitted once the previous one is complete (its published events accepted by the
 * sink). {@code as: NAME} binds the ConnID of the call the step created; {@code $NAME} in a later
 * step stands for it. {@code Advance} moves the {@link ScenarioClock} before the engine sees the
 * step, so that the timers the engine checks are due. The run stops at the first step that does not
 * do what it was meant to: a rejected step without {@code expectError: true}, an accepted one with
 * it, an {@code as} on a step that created no call, deliveries that differ from the step's {@code
 * expect} list, or a failure of the engine or the sink.
 */
public final class ScenarioRunner {

  private final EventSink sink;
  private final ScenarioClock clock;
  private final IdSource ids;
  private final String server;
  private final EventJson events = new EventJson();

  /** A runner whose events carry the default {@code Server} value. */
  public ScenarioRunner(EventSink sink, ScenarioClock clock, IdSource ids) {
    this(sink, clock, ids, TenantConfig.DEFAULT_SERVER);
  }

  /**
   * @param sink where the run's published events go
   * @param clock the engine's clock; {@code Advance} steps move it
   * @param ids the engine's connection ids
   * @param server the {@code Server} value of every event
   */
  public ScenarioRunner(EventSink sink, ScenarioClock clock, IdSource ids, String server) {
    this.sink = Objects.requireNonNull(sink, "sink");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ids = Objects.requireNonNull(ids, "ids");
    this.server = Objects.requireNonNull(server, "server");
  }

  /** Runs {@code scenario} on a new engine with the scenario's tenant alone. */
  public ScenarioResult run(ScenarioFile scenario) {
    Tenants tenants =
        new Tenants(List.of(scenario.tenantConfig(server)), clock, tenant -> ids, sink);
    return run(scenario, step -> tenants.submit(scenario.tenant(), step));
  }

  /** Runs {@code scenario}, submitting each step with {@code submit}. */
  ScenarioResult run(ScenarioFile scenario, Function<Step, CompletableFuture<Outcome>> submit) {
    Map<String, ConnId> bindings = new LinkedHashMap<>();
    ConnIdResolver resolver = ConnIdResolver.of(bindings, scenario.tenant());
    List<Delivery> delivered = new ArrayList<>();
    for (ScenarioStep step : scenario.steps()) {
      Optional<ScenarioFailure> failure = runStep(step, resolver, submit, delivered, bindings);
      if (failure.isPresent()) {
        return new ScenarioResult(delivered, failure, bindings);
      }
    }
    return new ScenarioResult(delivered, Optional.empty(), bindings);
  }

  private Optional<ScenarioFailure> runStep(
      ScenarioStep step,
      ConnIdResolver resolver,
      Function<Step, CompletableFuture<Outcome>> submit,
      List<Delivery> delivered,
      Map<String, ConnId> bindings) {
    ParsedStep parsed;
    try {
      parsed = StepJson.parse(step.node(), resolver);
    } catch (StepFormatException e) {
      return fail(step, e.getMessage(), e);
    }
    if (parsed.step() instanceof Advance advance) {
      clock.advance(advance.duration());
    }
    Outcome outcome;
    try {
      outcome = submit.apply(parsed.step()).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail(step, "interrupted while waiting for the step to complete", e);
    } catch (ExecutionException e) {
      return fail(step, "the step failed: " + e.getCause(), e.getCause());
    } catch (RuntimeException e) {
      return fail(step, "the engine failed: " + e, e);
    }
    delivered.addAll(outcome.deliveries());
    Optional<Event> error = outcome.error();
    if (error.isPresent() && !parsed.expectError()) {
      return fail(
          step,
          "the engine rejected it with EventError "
              + error.get().get(Attribute.ErrorCode).orElse("")
              + ": "
              + error.get().string(Attribute.ErrorMessage).orElse("(no ErrorMessage)")
              + "; add expectError: true if the step is meant to fail");
    }
    if (error.isEmpty() && parsed.expectError()) {
      return fail(
          step,
          "expectError: true, but the engine accepted it"
              + (outcome.deliveries().isEmpty()
                  ? " and caused no event"
                  : " and caused "
                      + outcome.deliveries().stream()
                          .map(d -> d.event().name() + " to " + d.party())
                          .collect(Collectors.joining(", "))));
    }
    if (parsed.as().isPresent() && error.isEmpty()) {
      String name = parsed.as().get();
      if (outcome.connId().isEmpty()) {
        return fail(
            step,
            "as: "
                + name
                + ", but "
                + parsed.step().name()
                + " created no call whose ConnID could be bound");
      }
      bindings.put(name, outcome.connId().get());
    }
    if (step.expect().isPresent()) {
      List<String> differences = differences(step.expect().get(), outcome.deliveries(), bindings);
      if (!differences.isEmpty()) {
        return fail(step, String.join("\n  ", differences));
      }
    }
    return Optional.empty();
  }

  /** How {@code delivered} differs from {@code expected}; empty when it matches. */
  private List<String> differences(
      List<ExpectedEvent> expected, List<Delivery> delivered, Map<String, ConnId> bindings) {
    if (expected.size() != delivered.size()) {
      return List.of(
          "expected "
              + expected.size()
              + " event(s): "
              + expected.stream().map(ExpectedEvent::describe).toList()
              + ", but the step delivered "
              + delivered.size()
              + ": "
              + delivered.stream().map(d -> d.event().name() + " to " + d.party()).toList());
    }
    List<String> differences = new ArrayList<>();
    for (int i = 0; i < expected.size(); i++) {
      ExpectedEvent want = expected.get(i);
      Delivery got = delivered.get(i);
      String which = "event " + (i + 1) + " (" + want.describe() + "): ";
      if (want.type() != got.event().type() || !want.party().equals(got.party())) {
        differences.add(which + "the step delivered " + got.event().name() + " to " + got.party());
        continue;
      }
      want.attributes()
          .forEach(
              (attribute, node) -> {
                Object value = expectedValue(want.type(), attribute, node, bindings);
                Optional<Object> actual = got.event().get(attribute);
                if (actual.isEmpty()) {
                  differences.add(which + attribute + " is absent, expected " + node);
                } else if (!actual.get().equals(value)) {
                  differences.add(
                      which
                          + attribute
                          + " is "
                          + events.toTree(got.event()).get(attribute.name())
                          + ", expected "
                          + node);
                }
              });
    }
    return differences;
  }

  private static Object expectedValue(
      EventType type, Attribute attribute, JsonNode node, Map<String, ConnId> bindings) {
    if (attribute.type() == ValueType.CONN_ID
        && node.isTextual()
        && node.textValue().startsWith("$")) {
      String name = node.textValue().substring(1);
      ConnId bound = bindings.get(name);
      // the file was checked: only a step that failed to bind can leave the name unbound
      return bound != null ? bound : name;
    }
    return EventJson.attributeValue(type, attribute, node);
  }

  private static Optional<ScenarioFailure> fail(ScenarioStep step, String reason) {
    return Optional.of(new ScenarioFailure(step, reason, Optional.empty()));
  }

  private static Optional<ScenarioFailure> fail(ScenarioStep step, String reason, Throwable cause) {
    return Optional.of(new ScenarioFailure(step, reason, Optional.of(cause)));
  }
}
