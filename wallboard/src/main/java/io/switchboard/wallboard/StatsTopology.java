package io.switchboard.wallboard;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The statistics as a Kafka Streams topology.
 *
 * <pre>
 * voice-agentstate ─┐ (key {tenant}:{agent})
 *                   ├─ re-keyed by tenant ─> repartition "by-tenant" ─> statistics ─> voice-stats
 * voice-callthread ─┘ (key {tenant}:{thread})        (duplicates dropped, then {@link StatsModel})
 * </pre>
 *
 * Every event of a tenant meets the tenant's state in one task: agent events (keyed by agent) and
 * call events (keyed by call thread) both change agents and queues. The repartition keeps the order
 * of each source partition, so the records of one key stay in order. The original topic and key
 * travel in the value ({@link #wrap}); the headers travel as they are.
 */
final class StatsTopology {
  static final String DEDUP_STORE = "wallboard-dedup";
  static final String AGENTS_STORE = "wallboard-agents";
  static final String DNS_STORE = "wallboard-dns";
  static final String QUEUES_STORE = "wallboard-queues";
  static final String CALLS_STORE = "wallboard-calls";
  static final String TENANTS_STORE = "wallboard-tenants";

  static final byte AGENT_STATE = 'A';
  static final byte CALL_THREAD = 'C';

  private StatsTopology() {}

  static Topology build(WallboardSettings settings, StatsListener listener) {
    StreamsBuilder builder = new StreamsBuilder();
    for (String store :
        new String[] {
          DEDUP_STORE, AGENTS_STORE, DNS_STORE, QUEUES_STORE, CALLS_STORE, TENANTS_STORE
        }) {
      builder.addStateStore(
          Stores.keyValueStoreBuilder(
                  Stores.inMemoryKeyValueStore(store), Serdes.String(), Serdes.ByteArray())
              // the changelog gets the last value of a key per commit, not every change
              .withCachingEnabled());
    }
    KStream<String, byte[]> agents =
        builder.stream(
                settings.agentStateTopic(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("agentstate"))
            .filter((k, v) -> k != null && v != null, Named.as("agentstate-with-key-and-value"))
            .map(
                (k, v) -> KeyValue.pair(tenantOf(k), wrap(AGENT_STATE, k, v)),
                Named.as("agentstate-by-tenant"));
    KStream<String, byte[]> calls =
        builder.stream(
                settings.callThreadTopic(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("callthread"))
            .filter((k, v) -> k != null && v != null, Named.as("callthread-with-key-and-value"))
            .map(
                (k, v) -> KeyValue.pair(tenantOf(k), wrap(CALL_THREAD, k, v)),
                Named.as("callthread-by-tenant"));
    agents
        .merge(calls, Named.as("events"))
        .repartition(
            Repartitioned.<String, byte[]>with(Serdes.String(), Serdes.ByteArray())
                .withName("by-tenant"))
        .process(
            () -> new StatsProcessor(settings.model(), listener),
            Named.as("statistics"),
            DEDUP_STORE,
            AGENTS_STORE,
            DNS_STORE,
            QUEUES_STORE,
            CALLS_STORE,
            TENANTS_STORE)
        .to(
            settings.statsTopic(),
            Produced.with(Serdes.String(), Serdes.ByteArray()).withName("voice-stats"));
    return builder.build();
  }

  /** The tenant of a record key: what comes before the first {@code :}. */
  static String tenantOf(String key) {
    int colon = key.indexOf(':');
    return colon < 0 ? key : key.substring(0, colon);
  }

  /** The value as it travels to the statistics: the source topic, the original key, the value. */
  static byte[] wrap(byte source, String key, byte[] value) {
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(1 + 4 + k.length + value.length)
        .put(source)
        .putInt(k.length)
        .put(k)
        .put(value)
        .array();
  }

  /** A wrapped value, read back. */
  record Wrapped(byte source, String key, byte[] value) {
    static Wrapped read(byte[] bytes) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      byte source = b.get();
      int length = b.getInt();
      String key = new String(bytes, 5, length, StandardCharsets.UTF_8);
      byte[] value = new byte[bytes.length - 5 - length];
      System.arraycopy(bytes, 5 + length, value, 0, value.length);
      return new Wrapped(source, key, value);
    }
  }
}
