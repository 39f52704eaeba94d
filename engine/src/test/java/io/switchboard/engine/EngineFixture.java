package io.switchboard.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.switchboard.model.Attribute;
import io.switchboard.model.ConnId;
import io.switchboard.model.DNType;
import io.switchboard.model.Event;
import io.switchboard.model.EventType;
import io.switchboard.model.request.Step;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Given/when/then over one tenant's engine: {@code when(step)} runs a step and returns a {@link
 * Then} that walks the deliveries in order. The engine's invariants are checked after every step.
 */
final class EngineFixture {
  static final String TENANT = "acme";
  static final Instant START = Instant.parse("2026-01-05T09:00:00.123456Z");

  final SettableClock clock = new SettableClock(START);
  final IdSource ids = IdSource.sequential(0x1000);
  final TenantEngine engine;
  final List<Delivery> all = new ArrayList<>();

  private EngineFixture(TenantConfig config) {
    engine = new TenantEngine(config, clock, ids);
  }

  private EngineFixture(List<DirectoryEntry> directory) {
    this(TenantConfig.of(TENANT, directory));
  }

  /** A tenant whose directory holds Extensions {@code extensions}, with {@code agents}. */
  static EngineFixture withAgents(AgentList agents, String... extensions) {
    return new EngineFixture(
        TenantConfig.of(
                TENANT,
                Arrays.stream(extensions)
                    .map(dn -> new DirectoryEntry(dn, DNType.Extension))
                    .toList())
            .withAgents(agents));
  }

  /** A tenant whose directory holds Extensions {@code extensions} and the given extra entries. */
  static EngineFixture withExtensions(String... extensions) {
    return new EngineFixture(
        Arrays.stream(extensions).map(dn -> new DirectoryEntry(dn, DNType.Extension)).toList());
  }

  static EngineFixture withDirectory(DirectoryEntry... entries) {
    return new EngineFixture(List.of(entries));
  }

  /**
   * Runs {@code step}, checks the invariants, and returns its deliveries to be checked in order.
   */
  Then when(Step step) {
    Outcome outcome = engine.handle(step);
    all.addAll(outcome.deliveries());
    assertThat(engine.invariantViolations()).as("invariants after %s", step).isEmpty();
    return new Then(outcome);
  }

  /** Runs {@code step}, which must be accepted; its events are not checked. */
  Outcome given(Step step) {
    Outcome outcome = engine.handle(step);
    all.addAll(outcome.deliveries());
    assertThat(outcome.error()).as("%s must be accepted", step).isEmpty();
    assertThat(engine.invariantViolations()).isEmpty();
    return outcome;
  }

  /** The deliveries of one step, checked in order. */
  static final class Then {
    final Outcome outcome;
    private int next;

    Then(Outcome outcome) {
      this.outcome = outcome;
    }

    /**
     * The next delivery goes to {@code party}, is a {@code type}, and carries the given attribute
     * values ({@code Attribute, value} pairs; a value of {@link #ABSENT} means the attribute must
     * not be there).
     */
    Then event(String party, EventType type, Object... attributeValues) {
      if (next >= outcome.deliveries().size()) {
        fail(
            "expected %s to %s, but there are no more deliveries in %s",
            type, party, outcome.deliveries());
      }
      Delivery delivery = outcome.deliveries().get(next++);
      assertThat(delivery.party())
          .as("party of delivery %d (%s)", next, delivery.event())
          .isEqualTo(party);
      assertThat(delivery.event().type())
          .as("type of delivery %d (%s)", next, delivery.event())
          .isEqualTo(type);
      for (int i = 0; i < attributeValues.length; i += 2) {
        Attribute attribute = (Attribute) attributeValues[i];
        Object expected = attributeValues[i + 1];
        if (expected == ABSENT) {
          assertThat(delivery.event().has(attribute))
              .as("%s must not carry %s: %s", type, attribute, delivery.event())
              .isFalse();
        } else {
          assertThat(delivery.event().get(attribute))
              .as("%s.%s in %s", type, attribute, delivery.event())
              .contains(expected instanceof Integer n ? n.longValue() : expected);
        }
      }
      return this;
    }

    /** The step caused nothing more. */
    Then noMore() {
      assertThat(outcome.deliveries().subList(next, outcome.deliveries().size()))
          .as("further deliveries")
          .isEmpty();
      return this;
    }

    /** The step was rejected with {@code code}; returns the error's message for further checks. */
    String rejected(ErrorCode code, String requester) {
      assertThat(outcome.deliveries()).hasSize(1);
      Delivery delivery = outcome.deliveries().get(0);
      Event error = delivery.event();
      assertThat(error.type()).isEqualTo(EventType.EventError);
      assertThat(delivery.party()).isEqualTo(requester);
      assertThat(error.get(Attribute.ErrorCode)).contains((long) code.code());
      return error.string(Attribute.ErrorMessage).orElseThrow();
    }

    ConnId connId() {
      return outcome.connId().orElseThrow();
    }

    Event delivered(int index) {
      return outcome.deliveries().get(index).event();
    }
  }

  /** Marks an attribute that must be absent. */
  static final Object ABSENT =
      new Object() {
        @Override
        public String toString() {
          return "<absent>";
        }
      };
}
