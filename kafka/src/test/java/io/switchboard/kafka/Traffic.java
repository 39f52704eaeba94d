package io.switchboard.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.engine.Outcome;
import io.switchboard.engine.Tenants;
import io.switchboard.json.ConnIdResolver;
import io.switchboard.json.Json;
import io.switchboard.json.StepJson;
import io.switchboard.model.Event;
import io.switchboard.model.request.Step;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Calls between pairs of Extensions, driven in process, recording every published event of every
 * acknowledged step with its key.
 */
final class Traffic {

  /** A published event whose step was acknowledged. */
  record Acked(String key, String value) {}

  private final Tenants tenants;
  private final String tenant;
  private final List<Acked> acked = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger steps = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();

  Traffic(Tenants tenants, String tenant) {
    this.tenants = tenants;
    this.tenant = tenant;
  }

  /** Logs agent {@code agent} in on {@code dn}, AutoIn. */
  void login(String dn, String agent) {
    run(
        "{\"RequestAgentLogin\": {\"ThisDN\": \""
            + dn
            + "\", \"AgentID\": \""
            + agent
            + "\", \"AgentWorkMode\": \"AutoIn\"}}");
  }

  /**
   * One call from {@code a} to {@code b}: dialed, answered, held, retrieved, given user data,
   * released; the agent on {@code b} goes not ready and ready around it.
   */
  void call(String a, String b) {
    String c =
        run("{\"RequestMakeCall\": {\"ThisDN\": \"" + a + "\", \"OtherDN\": \"" + b + "\"}}")
            .connId()
            .orElseThrow()
            .toString();
    run("{\"RequestAnswerCall\": {\"ThisDN\": \"" + b + "\", \"ConnID\": \"" + c + "\"}}");
    run("{\"RequestHoldCall\": {\"ThisDN\": \"" + a + "\", \"ConnID\": \"" + c + "\"}}");
    run("{\"RequestRetrieveCall\": {\"ThisDN\": \"" + a + "\", \"ConnID\": \"" + c + "\"}}");
    run(
        "{\"RequestAttachUserData\": {\"ThisDN\": \""
            + a
            + "\", \"ConnID\": \""
            + c
            + "\", \"UserData\": {\"Case\": \""
            + steps.get()
            + "\"}}}");
    run("{\"RequestReleaseCall\": {\"ThisDN\": \"" + b + "\", \"ConnID\": \"" + c + "\"}}");
    run("{\"RequestAgentNotReady\": {\"ThisDN\": \"" + b + "\"}}");
    run("{\"RequestAgentReady\": {\"ThisDN\": \"" + b + "\", \"AgentWorkMode\": \"AutoIn\"}}");
  }

  /** Runs a step that must be accepted and records its events. */
  Outcome run(String json) {
    Outcome outcome = tenants.submit(tenant, step(json)).join();
    steps.incrementAndGet();
    assertThat(outcome.rejected()).as("%s: %s", json, outcome).isFalse();
    record(outcome);
    return outcome;
  }

  /** Runs a step that may be refused; records its events if it was accepted. */
  Outcome attempt(String json) {
    Outcome outcome = tenants.submit(tenant, step(json)).join();
    steps.incrementAndGet();
    if (outcome.rejected()) {
      refused.incrementAndGet();
    } else {
      record(outcome);
    }
    return outcome;
  }

  private void record(Outcome outcome) {
    for (Event event : outcome.published()) {
      acked.add(
          new Acked(
              RecordKeys.key(tenant, event),
              new String(
                  new io.switchboard.json.EventJson().encode(event),
                  java.nio.charset.StandardCharsets.UTF_8)));
    }
  }

  List<Acked> acked() {
    return List.copyOf(acked);
  }

  int refused() {
    return refused.get();
  }

  static Step step(String json) {
    try {
      return StepJson.parse(Json.mapper().readTree(json), ConnIdResolver.none()).step();
    } catch (Exception e) {
      throw new IllegalArgumentException(json, e);
    }
  }
}
