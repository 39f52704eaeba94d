package io.switchboard.wallboard;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.verify.SwitchboardRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The statistics of the tenants of one task: drops duplicates (the header contract of {@code
 * docs/delivery.md}, as {@link io.switchboard.verify.Deduplicator} applies it, kept in a state
 * store so that it survives restarts), applies each new event to {@link StatsModel}, then writes
 * what changed to the state stores, to {@code voice-stats} and to the listener.
 */
final class StatsProcessor implements Processor<String, byte[], String, byte[]>, StatsState {
  private static final Logger LOG = LoggerFactory.getLogger(StatsProcessor.class);

  /** How long the last sequence number of a call thread is kept after its last record. */
  static final Duration DEDUP_RETENTION = Duration.ofHours(6);

  private static final String SEP = "\u0000";

  private final StatsModel model;
  private final StatsListener listener;
  private ProcessorContext<String, byte[]> context;
  private KeyValueStore<String, byte[]> dedup;
  private KeyValueStore<String, byte[]> agents;
  private KeyValueStore<String, byte[]> dns;
  private KeyValueStore<String, byte[]> queues;
  private KeyValueStore<String, byte[]> calls;
  private KeyValueStore<String, byte[]> tenants;

  // what one event read and changed, written back when it is applied
  private final Map<String, AgentStats> agentCache = new LinkedHashMap<>();
  private final Map<String, QueueStats> queueCache = new LinkedHashMap<>();
  private final Map<String, CallStats> callCache = new LinkedHashMap<>();
  private final Map<String, Boolean> callEnded = new LinkedHashMap<>();
  private final List<KeyValue<String, byte[]>> extra = new ArrayList<>();
  private final List<ObjectNode> steps = new ArrayList<>();
  private long timestamp;
  private long malformed;

  StatsProcessor(StatsModel model, StatsListener listener) {
    this.model = model;
    this.listener = listener;
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
    dedup = context.getStateStore(StatsTopology.DEDUP_STORE);
    agents = context.getStateStore(StatsTopology.AGENTS_STORE);
    dns = context.getStateStore(StatsTopology.DNS_STORE);
    queues = context.getStateStore(StatsTopology.QUEUES_STORE);
    calls = context.getStateStore(StatsTopology.CALLS_STORE);
    tenants = context.getStateStore(StatsTopology.TENANTS_STORE);
    context.schedule(Duration.ofMinutes(10), PunctuationType.WALL_CLOCK_TIME, this::forget);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    StatsTopology.Wrapped wrapped = StatsTopology.Wrapped.read(record.value());
    String tenant = record.key();
    if (!isNew(wrapped, record.headers(), record.timestamp())) {
      return;
    }
    VoiceEvent event;
    try {
      event = VoiceEvent.parse(wrapped.value());
    } catch (IllegalArgumentException e) {
      if (malformed++ % 1000 == 0) {
        LOG.warn(
            "a record of key {} is not a Genesys event and is skipped ({} so far): {}",
            wrapped.key(),
            malformed,
            e.getMessage());
      }
      return;
    }
    if (tenants.get(tenant) == null) {
      tenants.put(tenant, new byte[] {1});
    }
    timestamp = record.timestamp();
    if (wrapped.source() == StatsTopology.AGENT_STATE) {
      model.agentEvent(tenant, event, this);
    } else {
      String thread = event.callThread();
      if (thread == null) {
        int colon = wrapped.key().indexOf(':');
        thread = colon < 0 ? wrapped.key() : wrapped.key().substring(colon + 1);
      }
      model.callEvent(tenant, thread, event, this);
    }
    flush();
    listener.applied(tenant, event.timeMillis());
  }

  /**
   * Whether the record is new: its {@code switchboard.seq} is above the last one of its key, or it
   * comes from another origin (a new journal numbers from 1 again), or it carries no number.
   */
  private boolean isNew(StatsTopology.Wrapped wrapped, Headers headers, long time) {
    Header seqHeader = headers.lastHeader(SwitchboardRecord.SEQ_HEADER);
    if (seqHeader == null || seqHeader.value() == null) {
      return true;
    }
    long seq;
    try {
      seq = Long.parseLong(new String(seqHeader.value(), StandardCharsets.US_ASCII));
    } catch (NumberFormatException e) {
      return true;
    }
    Header idHeader = headers.lastHeader(SwitchboardRecord.EVENT_ID_HEADER);
    Optional<String> eventId =
        idHeader == null || idHeader.value() == null
            ? Optional.empty()
            : Optional.of(new String(idHeader.value(), StandardCharsets.UTF_8));
    String origin =
        new SwitchboardRecord(
                "", 0, 0, wrapped.key(), OptionalLong.of(seq), eventId, new byte[0], time)
            .origin();
    String id = (char) wrapped.source() + SEP + wrapped.key();
    byte[] before = dedup.get(id);
    if (before != null) {
      String[] last = new String(before, StandardCharsets.UTF_8).split(SEP, 3);
      if (last[0].equals(origin) && seq <= Long.parseLong(last[1])) {
        return false;
      }
    }
    dedup.put(id, (origin + SEP + seq + SEP + time).getBytes(StandardCharsets.UTF_8));
    return true;
  }

  /** Forgets the sequence numbers of call threads silent for {@link #DEDUP_RETENTION}. */
  private void forget(long now) {
    long oldest = now - DEDUP_RETENTION.toMillis();
    List<String> old = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> all = dedup.all()) {
      while (all.hasNext()) {
        KeyValue<String, byte[]> entry = all.next();
        if (entry.key.charAt(0) != StatsTopology.CALL_THREAD) {
          continue;
        }
        String[] last = new String(entry.value, StandardCharsets.UTF_8).split(SEP, 3);
        if (last.length == 3 && Long.parseLong(last[2]) < oldest) {
          old.add(entry.key);
        }
      }
    }
    old.forEach(dedup::delete);
  }

  private void flush() {
    for (AgentStats agent : agentCache.values()) {
      agents.put(key(agent.tenant, agent.agentId), write(agent));
      ObjectNode view = Views.agent(agent);
      emit(agent.tenant + ":agent:" + agent.agentId, view);
      listener.changed(agent.tenant, "agent", agent.agentId, view);
    }
    for (QueueStats queue : queueCache.values()) {
      queues.put(key(queue.tenant, queue.queue), write(queue));
      ObjectNode view = Views.queue(queue, model.thresholdMicros());
      emit(queue.tenant + ":queue:" + queue.queue, view);
      listener.changed(queue.tenant, "queue", queue.queue, view);
    }
    for (CallStats call : callCache.values()) {
      String id = call.tenant + ":call:" + call.thread;
      if (callEnded.containsKey(call.tenant + SEP + call.thread)) {
        calls.delete(key(call.tenant, call.thread));
        context.forward(new Record<>(id, null, timestamp));
        listener.changed(call.tenant, "call", call.thread, null);
      } else {
        calls.put(key(call.tenant, call.thread), write(call));
        ObjectNode view = Views.call(call, false);
        emit(id, view);
        listener.changed(call.tenant, "call", call.thread, view);
      }
    }
    for (KeyValue<String, byte[]> record : extra) {
      context.forward(new Record<>(record.key, record.value, timestamp));
    }
    agentCache.clear();
    queueCache.clear();
    callCache.clear();
    callEnded.clear();
    extra.clear();
    steps.clear();
  }

  private void emit(String key, ObjectNode view) {
    try {
      context.forward(new Record<>(key, Mapper.JSON.writeValueAsBytes(view), timestamp));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------- StatsState over the stores

  @Override
  public AgentStats agent(String tenant, String agentId) {
    String key = key(tenant, agentId);
    AgentStats cached = agentCache.get(key);
    if (cached != null) {
      return cached;
    }
    return read(agents.get(key), AgentStats.class);
  }

  @Override
  public void put(AgentStats agent) {
    agentCache.put(key(agent.tenant, agent.agentId), agent);
  }

  @Override
  public String agentOn(String tenant, String dn) {
    byte[] agent = dns.get(key(tenant, dn));
    return agent == null ? null : new String(agent, StandardCharsets.UTF_8);
  }

  @Override
  public void agentOn(String tenant, String dn, String agentId) {
    if (agentId == null) {
      dns.delete(key(tenant, dn));
    } else {
      dns.put(key(tenant, dn), agentId.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Override
  public QueueStats queue(String tenant, String queue) {
    String key = key(tenant, queue);
    QueueStats cached = queueCache.get(key);
    if (cached != null) {
      return cached;
    }
    return read(queues.get(key), QueueStats.class);
  }

  @Override
  public void put(QueueStats queue) {
    queueCache.put(key(queue.tenant, queue.queue), queue);
  }

  @Override
  public void intervalClosed(QueueStats queue, Figures interval) {
    ObjectNode view = Views.figures(interval);
    view.put("type", "interval");
    view.put("tenant", queue.tenant);
    view.put("queue", queue.queue);
    try {
      extra.add(
          KeyValue.pair(
              queue.tenant + ":interval:" + queue.queue + ":" + view.get("start").asText(),
              Mapper.JSON.writeValueAsBytes(view)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public CallStats call(String tenant, String thread) {
    String key = key(tenant, thread);
    CallStats cached = callCache.get(key);
    if (cached != null) {
      return cached;
    }
    return read(calls.get(key), CallStats.class);
  }

  @Override
  public void put(CallStats call) {
    callCache.put(key(call.tenant, call.thread), call);
  }

  @Override
  public void stepAdded(CallStats call, CallStats.Step step) {
    listener.step(call.tenant, call.thread, Views.step(step));
  }

  @Override
  public void callEnded(CallStats call) {
    callCache.put(key(call.tenant, call.thread), call);
    callEnded.put(key(call.tenant, call.thread), true);
  }

  static String key(String tenant, String id) {
    return tenant + SEP + id;
  }

  static byte[] write(Object state) {
    try {
      return Mapper.JSON.writeValueAsBytes(state);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static <T> T read(byte[] bytes, Class<T> type) {
    if (bytes == null) {
      return null;
    }
    try {
      return Mapper.JSON.readValue(bytes, type);
    } catch (IOException e) {
      throw new UncheckedIOException("a " + type.getSimpleName() + " in a state store", e);
    }
  }
}
