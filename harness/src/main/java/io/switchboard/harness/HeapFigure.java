package io.switchboard.harness;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.engine.Delivery;
import io.switchboard.engine.DirectoryEntry;
import io.switchboard.engine.IdSource;
import io.switchboard.engine.Outcome;
import io.switchboard.engine.TenantConfig;
import io.switchboard.engine.Tenants;
import io.switchboard.model.AgentWorkMode;
import io.switchboard.model.DNType;
import io.switchboard.model.EventType;
import io.switchboard.model.KVList;
import io.switchboard.model.request.InboundCall;
import io.switchboard.model.request.RequestAgentLogin;
import io.switchboard.model.request.RequestAnswerCall;
import io.switchboard.model.request.RequestAttributes;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The heap a tenant takes: that many agents logged in to 10 queues and calls answered and in
 * progress, measured as the heap used after full collections, before and after, without Kafka.
 */
final class HeapFigure {

  private final int heapAgents;
  private final int heapCalls;
  private final Consumer<String> say;

  /**
   * @param heapAgents agents logged in
   * @param heapCalls calls offered, answered when an agent is free
   * @param say told what it does
   */
  HeapFigure(int heapAgents, int heapCalls, Consumer<String> say) {
    this.heapAgents = heapAgents;
    this.heapCalls = heapCalls;
    this.say = say;
  }

  /** Builds the tenant and measures it into {@code results}. */
  void measure(ObjectNode results) {
    say.accept("heap: " + heapAgents + " agents logged in, " + heapCalls + " calls in progress");
    int queues = 10;
    List<DirectoryEntry> directory = new ArrayList<>();
    for (int q = 0; q < queues; q++) {
      directory.add(new DirectoryEntry(Integer.toString(7001 + q), DNType.ACDQueue));
    }
    for (int a = 0; a < heapAgents; a++) {
      directory.add(new DirectoryEntry(Integer.toString(1_000_000 + a), DNType.Extension));
    }
    long before = usedAfterGc();
    long start = System.nanoTime();
    Tenants tenants =
        new Tenants(
            List.of(TenantConfig.of("heap", directory)),
            Clock.systemUTC(),
            t -> IdSource.sequential(1L << 40),
            (tenant, events) -> CompletableFuture.completedFuture(null));
    for (int a = 0; a < heapAgents; a++) {
      tenants.submit(
          "heap",
          new RequestAgentLogin(
              Integer.toString(1_000_000 + a),
              "agent" + (a + 1),
              Optional.of(Integer.toString(7001 + a % queues)),
              AgentWorkMode.AutoIn,
              RequestAttributes.NONE));
    }
    KVList userData = KVList.of("Segment", "Gold", "AccountNumber", "4400123", "Reason", "billing");
    int inProgress = 0;
    for (int c = 0; c < heapCalls; c++) {
      Outcome arrived =
          tenants
              .submit(
                  "heap",
                  new InboundCall(
                      "+1" + (4_155_550_000L + c), Integer.toString(7001 + c % queues), userData))
              .join();
      Optional<String> agent =
          arrived.deliveries().stream()
              .filter(d -> d.event().type() == EventType.EventRinging)
              .map(Delivery::party)
              .findFirst();
      if (agent.isPresent() && arrived.connId().isPresent()) {
        Outcome answered =
            tenants
                .submit(
                    "heap",
                    new RequestAnswerCall(
                        agent.get(), arrived.connId().get(), RequestAttributes.NONE))
                .join();
        if (!answered.rejected()) {
          inProgress++;
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long after = usedAfterGc();
    int calls = tenants.engine("heap").orElseThrow().callsInProgress();
    ObjectNode heap = results.putObject("heap");
    heap.put("agents", heapAgents);
    heap.put("calls_in_progress", calls);
    heap.put("answered", inProgress);
    heap.put("state_mib", (after - before) / (double) (1 << 20));
    heap.put("used_after_gc_mib", after / (double) (1 << 20));
    heap.put("max_heap_mib", Runtime.getRuntime().maxMemory() >> 20);
    heap.put("setup_seconds", seconds);
    // keep the state reachable until it has been measured
    Reference.reachabilityFence(tenants);
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
