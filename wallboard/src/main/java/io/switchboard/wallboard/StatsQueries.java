package io.switchboard.wallboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** What the wallboard reads from the statistics' state stores, as the JSON of {@link Views}. */
final class StatsQueries {
  private final Function<String, ReadOnlyKeyValueStore<String, byte[]>> stores;
  private final long thresholdMicros;

  /**
   * @param stores a store by name; throws {@link
   *     org.apache.kafka.streams.errors.InvalidStateStoreException} while the stores are not ready
   */
  StatsQueries(
      Function<String, ReadOnlyKeyValueStore<String, byte[]>> stores, long thresholdMicros) {
    this.stores = stores;
    this.thresholdMicros = thresholdMicros;
  }

  /** The tenants seen so far, in order. */
  List<String> tenants() {
    List<String> tenants = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> all = stores.apply(StatsTopology.TENANTS_STORE).all()) {
      all.forEachRemaining(kv -> tenants.add(kv.key));
    }
    tenants.sort(null);
    return tenants;
  }

  /** A tenant's agents, queues and calls in progress (without their events). */
  ObjectNode snapshot(String tenant) {
    ObjectNode o = Mapper.JSON.createObjectNode();
    o.put("tenant", tenant);
    ArrayNode agents = o.putArray("agents");
    for (AgentStats a : scan(StatsTopology.AGENTS_STORE, tenant, AgentStats.class)) {
      agents.add(Views.agent(a));
    }
    ArrayNode queues = o.putArray("queues");
    for (QueueStats q : scan(StatsTopology.QUEUES_STORE, tenant, QueueStats.class)) {
      queues.add(Views.queue(q, thresholdMicros));
    }
    ArrayNode calls = o.putArray("calls");
    for (CallStats c : scan(StatsTopology.CALLS_STORE, tenant, CallStats.class)) {
      calls.add(Views.call(c, false));
    }
    return o;
  }

  /** A call in progress with its events. */
  Optional<ObjectNode> call(String tenant, String thread) {
    byte[] bytes = stores.apply(StatsTopology.CALLS_STORE).get(StatsProcessor.key(tenant, thread));
    return Optional.ofNullable(StatsProcessor.read(bytes, CallStats.class))
        .map(c -> Views.call(c, true));
  }

  private <T> List<T> scan(String store, String tenant, Class<T> type) {
    List<T> list = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it =
        stores.apply(store).prefixScan(StatsProcessor.key(tenant, ""), new StringSerializer())) {
      while (it.hasNext()) {
        KeyValue<String, byte[]> kv = it.next();
        list.add(StatsProcessor.read(kv.value, type));
      }
    }
    return list;
  }
}
