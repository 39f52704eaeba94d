package io.switchboard.engine;

import static io.switchboard.engine.Steps.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.model.Attribute;
import io.switchboard.model.ConnId;
import io.switchboard.model.DNType;
import io.switchboard.model.EventType;
import io.switchboard.model.request.Step;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What a journal sees of the tenants: each step's inputs, refusals, changes, replays. */
class TenantsJournalHooksTest {

  static final TenantConfig ACME =
      TenantConfig.of(
          "acme",
          List.of(
              new DirectoryEntry("5001", DNType.Extension),
              new DirectoryEntry("5002", DNType.Extension)));

  /** Records what Tenants hands it; refuses while {@link #refusal} is set. */
  static final class RecordingSink implements EventSink {
    final List<HandledStep> steps = new ArrayList<>();
    final List<Object> changes = new ArrayList<>();
    final AtomicReference<Refusal> refusal = new AtomicReference<>();

    @Override
    public CompletableFuture<Void> publish(String tenant, List<io.switchboard.model.Event> events) {
      throw new AssertionError("accept is overridden");
    }

    @Override
    public CompletableFuture<Void> accept(HandledStep step) {
      steps.add(step);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public Optional<Refusal> admit(String tenant, Step step) {
      return Optional.ofNullable(refusal.get());
    }

    @Override
    public void configured(TenantConfig config) {
      changes.add(config);
    }

    @Override
    public void removed(String tenant) {
      changes.add("removed " + tenant);
    }
  }

  final SettableClock clock = new SettableClock(Instant.parse("2026-01-05T09:00:00.123456Z"));
  final RecordingSink sink = new RecordingSink();
  final Tenants tenants = new Tenants(List.of(ACME), clock, t -> IdSource.sequential(0x1000), sink);

  @Test
  void eachStepIsHandedOverWithTheInstantAndTheIdsItUsed() {
    Outcome outcome = tenants.submit("acme", makeCall("5001", "5002")).join();
    HandledStep handled = sink.steps.get(0);
    assertThat(handled.tenant()).isEqualTo("acme");
    assertThat(handled.instant()).isEqualTo(clock.instant());
    assertThat(handled.connIds()).containsExactly(0x1000L);
    assertThat(handled.outcome()).isEqualTo(outcome);
    assertThat(sink.changes).containsExactly(ACME);
  }

  @Test
  void aReplayedStepGivesTheSameOutcomeOnAFreshEngine() {
    tenants.submit("acme", makeCall("5001", "5002")).join();
    HandledStep first = sink.steps.get(0);

    Tenants fresh =
        new Tenants(List.of(ACME), clock, t -> IdSource.sequential(0x9999), new RecordingSink());
    HandledStep again = fresh.replay("acme", first.step(), first.instant(), first.connIds());
    assertThat(again.outcome()).isEqualTo(first.outcome());
    assertThat(again.connIds()).isEqualTo(first.connIds());
    assertThat(fresh.inspect("acme", TenantEngine::stateDigest))
        .isEqualTo(tenants.inspect("acme", TenantEngine::stateDigest));
    // ids drawn afterwards are above every replayed one, although the source starts lower
    Tenants lower =
        new Tenants(List.of(ACME), clock, t -> IdSource.sequential(1), new RecordingSink());
    lower.replay("acme", first.step(), first.instant(), first.connIds());
    ConnId replayed = first.outcome().connId().orElseThrow();
    assertThat(lower.submit("acme", release("5001", replayed)).join().rejected()).isFalse();
    Outcome next = lower.submit("acme", makeCall("5002", "5001")).join();
    assertThat(next.connId().orElseThrow().value()).isEqualTo(0x1001L);
  }

  @Test
  void aRefusedStepNeverReachesTheEngine() {
    tenants
        .submit("acme", login("5001", "1001", null, io.switchboard.model.AgentWorkMode.AutoIn))
        .join();
    String before = tenants.inspect("acme", TenantEngine::stateDigest);
    sink.refusal.set(new Refusal(ErrorCode.JournalFull, "the journal is full"));

    Outcome refused =
        tenants
            .submit(
                "acme",
                new io.switchboard.model.request.RequestMakeCall(
                    "5001",
                    "5002",
                    io.switchboard.model.KVList.EMPTY,
                    io.switchboard.model.request.RequestAttributes.referenceId(77)))
            .join();

    assertThat(refused.rejected()).isTrue();
    assertThat(refused.deliveries()).singleElement().extracting(Delivery::party).isEqualTo("5001");
    var error = refused.error().orElseThrow();
    assertThat(error.type()).isEqualTo(EventType.EventError);
    assertThat(error.get(Attribute.ErrorCode, Long.class)).contains(201L);
    assertThat(error.string(Attribute.ErrorMessage))
        .contains("RequestMakeCall refused: the journal is full");
    assertThat(error.get(Attribute.ReferenceID, Long.class)).contains(77L);
    assertThat(error.string(Attribute.AgentID)).contains("1001");
    assertThat(tenants.inspect("acme", TenantEngine::stateDigest)).isEqualTo(before);
    assertThat(sink.steps).hasSize(1);
  }

  @Test
  void onlyActualChangesOfTheDirectoryAreReported() {
    tenants.reconfigure("acme", engine -> engine.config());
    assertThat(sink.changes).containsExactly(ACME);
    tenants.reconfigure(
        "acme", engine -> engine.addDn(new DirectoryEntry("5003", DNType.Extension)));
    assertThat(sink.changes).hasSize(2);
    assertThat(((TenantConfig) sink.changes.get(1)).directory()).hasSize(3);
    tenants.remove("acme");
    assertThat(sink.changes).last().isEqualTo("removed acme");
  }
}
