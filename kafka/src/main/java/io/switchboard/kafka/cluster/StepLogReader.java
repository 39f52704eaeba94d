package io.switchboard.kafka.cluster;

import io.switchboard.engine.TenantConfig;
import io.switchboard.engine.Tenants;
import io.switchboard.journal.EngineCodec;
import io.switchboard.journal.EngineSnapshotCodec;
import io.switchboard.journal.EntryReplay;
import io.switchboard.journal.JournalEntry;
import io.switchboard.journal.KeySequences;
import io.switchboard.journal.TenantSnapshot;
import io.switchboard.json.EventJson;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the tenants of one partition of the step log, for the instance that has just fenced its
 * previous owner (docs/cluster.md, "Taking a partition over").
 *
 * <p>Two passes over the partition, from the oldest of its tenants' latest snapshots:
 *
 * <ol>
 *   <li><b>What committed</b>, read committed: configurations, snapshots and steps, replayed in
 *       order. Their events are on the published topics already.
 *   <li><b>What was acknowledged but never committed</b>, read uncommitted: a step is acknowledged
 *       once its records are replicated, before the transaction that holds them commits; if the
 *       owner died (or failed) first, that transaction was aborted by the fencing. Such a step is
 *       still in the log, after the abort. Each step record carries the tenant's step number (a
 *       header), so the steps that follow the last committed one, without a gap, are told apart
 *       from the committed ones (and from copies made by an earlier takeover). They are replayed
 *       and <i>adopted</i>: the new owner commits them again, with the same events and event ids,
 *       in its first transaction.
 * </ol>
 *
 * <p>Records written before step numbers existed carry none: they are replayed by counting in the
 * first pass and never adopted (that version acknowledged only what committed).
 */
final class StepLogReader {

  private static final Logger log = LoggerFactory.getLogger(StepLogReader.class);

  /** The header of a step record that holds the tenant's step number (8 bytes, big-endian). */
  static final String STEP_NUMBER_HEADER =
      io.switchboard.verify.SwitchboardRecord.HEADER_PREFIX.concat("step");

  /** What a rebuild read, and the steps it adopted. */
  record Result(long records, long steps, long mismatches, List<Adopted> adopted) {}

  /** A step acknowledged by an earlier owner whose transaction never committed. */
  record Adopted(JournalEntry.Step step, long number) {}

  private final int partition;
  private final ClusterSettings settings;
  private final ClientConfigs configs;
  private final ShardTenants counters;
  private final Tenants tenants;
  private final EventJson json;
  private final EngineCodec codec = new EngineSnapshotCodec();
  private final TopicPartition steps;
  private final TopicPartition index;
  private long records;
  private long replayed;
  private long mismatches;

  StepLogReader(
      int partition,
      ClusterSettings settings,
      ClientConfigs configs,
      ShardTenants counters,
      Tenants tenants,
      EventJson json) {
    this.partition = partition;
    this.settings = settings;
    this.configs = configs;
    this.counters = counters;
    this.tenants = tenants;
    this.json = json;
    this.steps = new TopicPartition(settings.stepsTopic(), partition);
    this.index = new TopicPartition(settings.snapshotsTopic(), partition);
  }

  /** The record of a step-log entry; a step's carries its number. */
  static ProducerRecord<String, byte[]> record(
      ClusterSettings settings, int partition, JournalEntry entry, OptionalLong stepNumber) {
    RecordHeaders headers = new RecordHeaders();
    stepNumber.ifPresent(
        n -> headers.add(STEP_NUMBER_HEADER, ByteBuffer.allocate(Long.BYTES).putLong(n).array()));
    return new ProducerRecord<>(
        settings.stepsTopic(), partition, null, entry.tenant(), entry.encode(), headers);
  }

  private static OptionalLong stepNumber(ConsumerRecord<String, byte[]> record) {
    Header header = record.headers().lastHeader(STEP_NUMBER_HEADER);
    if (header == null || header.value() == null || header.value().length != Long.BYTES) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(ByteBuffer.wrap(header.value()).getLong());
  }

  /**
   * Reads the partition and rebuilds its tenants into the instance's {@link Tenants}, filling the
   * shard's counters.
   *
   * @param configured the tenants configured now on this partition: when each has a snapshot, the
   *     log is read from the oldest of them, else from its beginning
   * @throws KafkaException if the partition cannot be read to its end in time
   */
  Result read(List<TenantConfig> configured) {
    records = 0;
    replayed = 0;
    mismatches = 0;
    long from;
    Map<String, Long> snapshots;
    try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(configs.reader())) {
      snapshots = readIndex(reader);
      boolean complete = configured.stream().allMatch(c -> snapshots.containsKey(c.tenant()));
      reader.assign(List.of(steps));
      reader.seekToBeginning(List.of(steps));
      from = reader.position(steps, settings.commitTimeout());
      if (complete && !snapshots.isEmpty()) {
        from = Math.max(from, snapshots.values().stream().min(Long::compare).orElse(from));
        reader.seek(steps, from);
      }
      readToEnd(reader, steps, Duration.ofMinutes(10), r -> committed(snapshots, r));
    }
    List<Adopted> adopted = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(configs.uncommittedReader())) {
      reader.assign(List.of(steps));
      reader.seek(steps, from);
      Set<String> broken = new HashSet<>();
      readToEnd(reader, steps, Duration.ofMinutes(10), r -> uncommitted(r, adopted, broken));
    }
    return new Result(records, replayed, mismatches, List.copyOf(adopted));
  }

  /**
   * The offset of each tenant's latest snapshot in the step log, from the compacted index (read
   * committed, to its end).
   */
  private Map<String, Long> readIndex(KafkaConsumer<String, byte[]> reader) {
    Map<String, Long> offsets = new HashMap<>();
    reader.assign(List.of(index));
    reader.seekToBeginning(List.of(index));
    readToEnd(
        reader,
        index,
        Duration.ofMinutes(2),
        record -> {
          if (record.value() == null) {
            offsets.remove(record.key());
          } else {
            offsets.put(record.key(), ByteBuffer.wrap(record.value()).getLong());
          }
        });
    return offsets;
  }

  /**
   * Hands every record of {@code partition}, from the reader's position to the end the partition
   * has now, to {@code each}.
   *
   * @throws KafkaException if the end is not reached within {@code limit}
   */
  private void readToEnd(
      KafkaConsumer<String, byte[]> reader,
      TopicPartition partition,
      Duration limit,
      Consumer<ConsumerRecord<String, byte[]>> each) {
    long end = reader.endOffsets(List.of(partition), settings.commitTimeout()).get(partition);
    long deadline = System.nanoTime() + limit.toNanos();
    while (reader.position(partition, settings.commitTimeout()) < end) {
      if (System.nanoTime() > deadline) {
        throw new KafkaException(partition + " did not reach offset " + end + " within " + limit);
      }
      reader.poll(Duration.ofMillis(200)).forEach(each);
    }
  }

  private JournalEntry decode(ConsumerRecord<String, byte[]> record) {
    try {
      return JournalEntry.decode(record.value());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "Record " + record.offset() + " of " + steps + ": " + e.getMessage(), e);
    }
  }

  /** Replays one committed record of the step log. */
  private void committed(Map<String, Long> snapshots, ConsumerRecord<String, byte[]> record) {
    records++;
    JournalEntry entry = decode(record);
    String tenant = entry.tenant();
    if (record.offset() < snapshots.getOrDefault(tenant, Long.MIN_VALUE)) {
      // before the tenant's latest snapshot: covered by it
      return;
    }
    if (entry instanceof JournalEntry.Snapshot snapshot) {
      restore(snapshot.snapshot());
      counters.snapshotOffsets.put(tenant, record.offset());
    } else if (entry instanceof JournalEntry.Configured c) {
      EntryReplay.configure(tenants, c.config());
      counters.sequences.computeIfAbsent(tenant, t -> new KeySequences());
    } else if (entry instanceof JournalEntry.Removed) {
      tenants.evict(tenant);
      counters.forget(tenant);
    } else if (isStep(entry)) {
      long last = counters.stepNumbers.getOrDefault(tenant, 0L);
      long number = stepNumber(record).orElse(last + 1);
      if (number <= last) {
        log.warn(
            "Record {} of {}: step {} of tenant {} is there twice; the copy is skipped",
            record.offset(),
            steps,
            number,
            tenant);
        return;
      }
      replay(record, entry, number);
    }
  }

  /** Adopts a step that was acknowledged but did not commit, if it follows the committed ones. */
  private void uncommitted(
      ConsumerRecord<String, byte[]> record, List<Adopted> adopted, Set<String> broken) {
    OptionalLong number = stepNumber(record);
    String tenant = record.key();
    if (number.isEmpty() || tenant == null || broken.contains(tenant)) {
      return;
    }
    long last = counters.stepNumbers.getOrDefault(tenant, 0L);
    if (number.getAsLong() <= last || tenants.engine(tenant).isEmpty()) {
      return;
    }
    JournalEntry step = decode(record);
    if (!isStep(step)) {
      return;
    }
    if (number.getAsLong() != last + 1) {
      // never written that way: a step record follows its predecessor in the log
      log.error(
          "Record {} of {}: step {} of tenant {} follows step {}; the steps after the gap are"
              + " not adopted",
          record.offset(),
          steps,
          number.getAsLong(),
          tenant,
          last);
      broken.add(tenant);
      return;
    }
    Optional<JournalEntry.Step> again = replay(record, step, number.getAsLong());
    if (again.isEmpty()) {
      log.error(
          "Record {} of {}: step {} of tenant {} published another number of events when run"
              + " again than recorded (an engine that changed between versions); it and the"
              + " tenant's steps after it are not adopted: their events are not published",
          record.offset(),
          steps,
          number.getAsLong(),
          tenant);
      broken.add(tenant);
      return;
    }
    adopted.add(new Adopted(again.get(), number.getAsLong()));
  }

  /** A step record, whether it keeps its events' bodies or their digests. */
  private static boolean isStep(JournalEntry entry) {
    return entry instanceof JournalEntry.Step || entry instanceof JournalEntry.DigestedStep;
  }

  /**
   * Runs a step record again ({@link JournalEntry.Step} or {@link JournalEntry.DigestedStep}): the
   * step with its events' bodies, unless they cannot be matched to the recorded ones.
   */
  private Optional<JournalEntry.Step> replay(
      ConsumerRecord<String, byte[]> record, JournalEntry entry, long number) {
    String tenant = entry.tenant();
    replayed++;
    String where = "Record " + record.offset() + " of " + steps;
    KeySequences sequences = counters.sequences.computeIfAbsent(tenant, t -> new KeySequences());
    Optional<JournalEntry.Step> step;
    if (entry instanceof JournalEntry.DigestedStep digested) {
      EntryReplay.Replayed again = EntryReplay.step(tenants, digested, where, json);
      step = again.step();
      if (!again.same()) {
        mismatches++;
      }
      sequences.replayed(digested);
    } else {
      JournalEntry.Step full = (JournalEntry.Step) entry;
      step = Optional.of(full);
      if (!EntryReplay.step(tenants, full, where, json)) {
        mismatches++;
      }
      sequences.replayed(full);
    }
    counters.stepNumbers.put(tenant, number);
    return step;
  }

  /** Puts back a tenant as a snapshot in the log holds it. */
  private void restore(TenantSnapshot snapshot) {
    String tenant = snapshot.tenant();
    tenants.evict(tenant);
    byte[] state = snapshot.engine();
    tenants.restore(
        snapshot.config(),
        (clock, ids) -> codec.decode(snapshot.config(), state, clock, ids),
        snapshot.highestConnId());
    tenants.restoreIdempotencyKeys(tenant, snapshot.keys());
    counters.sequences.put(
        tenant, KeySequences.of(snapshot.counters(), snapshot.steps(), snapshot.highestConnId()));
    counters.stepNumbers.put(tenant, snapshot.steps());
    counters.sinceSnapshot.put(tenant, 0L);
  }
}
