package io.switchboard.kafka.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.engine.DirectoryEntry;
import io.switchboard.engine.IdSource;
import io.switchboard.engine.Outcome;
import io.switchboard.engine.TenantConfig;
import io.switchboard.json.ConnIdResolver;
import io.switchboard.json.Json;
import io.switchboard.json.StepJson;
import io.switchboard.kafka.RecordKeys;
import io.switchboard.kafka.TopicNames;
import io.switchboard.kafka.testing.SharedKafka;
import io.switchboard.model.DNType;
import io.switchboard.model.request.Step;
import io.switchboard.verify.SwitchboardRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Instances of a cluster in one JVM on the shared broker: tenants spread by the group coordinator,
 * taken over with their calls when an instance stops without a word, and an owner fenced by its
 * successor that can never acknowledge again.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ClusterNodeTest {

  private final String name = "t" + UUID.randomUUID().toString().substring(0, 8);
  private final TopicNames topics = new TopicNames(name + "-agentstate", name + "-callthread");
  private final List<ClusterNode> nodes = new ArrayList<>();
  private final List<TenantConfig> tenants = new ArrayList<>();

  ClusterNodeTest() {
    for (int i = 1; i <= 6; i++) {
      tenants.add(
          TenantConfig.of(
              "tenant" + i,
              List.of(
                  new DirectoryEntry("5001", DNType.Extension),
                  new DirectoryEntry("5002", DNType.Extension))));
    }
  }

  @AfterEach
  void stop() {
    nodes.forEach(ClusterNode::close);
  }

  private int snapshotSteps = ClusterSettings.DEFAULT_SNAPSHOT_STEPS;
  private Duration commitInterval = ClusterSettings.DEFAULT_COMMIT_INTERVAL;
  private ClusterSettings.StepEvents stepEvents = ClusterSettings.StepEvents.DIGESTS;

  ClusterNode start(String instance) {
    ClusterSettings settings =
        ClusterSettings.of(
                name, instance, SharedKafka.bootstrapServers(), topics, "127.0.0.1:" + instance)
            .withPartitions(4)
            .withTimeouts(Duration.ofSeconds(6), Duration.ofSeconds(5))
            .withSnapshotSteps(snapshotSteps)
            .withCommitInterval(commitInterval)
            .withStepEvents(stepEvents);
    long base = Instant.now().getEpochSecond() << 24;
    ClusterNode node =
        ClusterNode.start(
            settings,
            tenants,
            Clock.systemUTC(),
            t -> IdSource.sequential(base + (instance.hashCode() & 0xffff) * 0x10000L),
            RecordKeys.keying(),
            served -> {});
    nodes.add(node);
    return node;
  }

  static Step step(String json) {
    try {
      return StepJson.parse(Json.mapper().readTree(json), ConnIdResolver.none()).step();
    } catch (Exception e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  /** Runs a step on whichever node serves the tenant now. */
  Outcome run(String tenant, String json) throws Exception {
    for (ClusterNode node : nodes) {
      if (node.locate(tenant).kind() == ClusterNode.Location.Kind.LOCAL) {
        Outcome outcome = node.tenants().submit(tenant, step(json)).get(30, TimeUnit.SECONDS);
        assertThat(outcome.rejected()).as("%s on %s: %s", json, tenant, outcome).isFalse();
        return outcome;
      }
    }
    throw new AssertionError("no node serves " + tenant);
  }

  static void await(String what, Duration timeout, BooleanSupplier done)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting until " + what);
      }
      Thread.sleep(100);
    }
  }

  boolean allServedBy(ClusterNode node) {
    return tenants.stream()
        .allMatch(t -> node.locate(t.tenant()).kind() == ClusterNode.Location.Kind.LOCAL);
  }

  boolean allServed() {
    return tenants.stream()
        .allMatch(
            t ->
                nodes.stream()
                    .anyMatch(n -> n.locate(t.tenant()).kind() == ClusterNode.Location.Kind.LOCAL));
  }

  @Test
  void aStoppedInstancesTenantsAreTakenOverWithTheirCallsAndNothingIsPublishedTwice()
      throws Exception {
    ClusterNode a = start("a");
    await("instance a serves every tenant", Duration.ofSeconds(60), () -> allServedBy(a));
    // what the instance found of Kafka's transaction protocol: the test cluster has Kafka's default
    assertThat(a.health()).containsEntry("transactionVersion", 2);
    Map<String, String> calls = new HashMap<>();
    for (TenantConfig t : tenants) {
      String conn =
          run(t.tenant(), "{\"RequestMakeCall\": {\"ThisDN\": \"5001\", \"OtherDN\": \"5002\"}}")
              .connId()
              .orElseThrow()
              .toString();
      calls.put(t.tenant(), conn);
      run(
          t.tenant(),
          "{\"RequestAnswerCall\": {\"ThisDN\": \"5002\", \"ConnID\": \"" + conn + "\"}}");
    }

    ClusterNode b = start("b");
    await(
        "instance b serves some tenants",
        Duration.ofSeconds(60),
        () -> b.stats().tenantsOwned() > 0 && allServed());
    assertThat(a.stats().tenantsOwned() + b.stats().tenantsOwned()).isEqualTo(tenants.size());
    for (TenantConfig t : tenants) {
      run(
          t.tenant(),
          "{\"RequestHoldCall\": {\"ThisDN\": \"5001\", \"ConnID\": \""
              + calls.get(t.tenant())
              + "\"}}");
    }

    a.halt();
    nodes.remove(a);
    await(
        "instance b takes every tenant of the halted instance over",
        Duration.ofSeconds(90),
        () -> allServedBy(b));
    for (TenantConfig t : tenants) {
      String conn = calls.get(t.tenant());
      run(
          t.tenant(),
          "{\"RequestRetrieveCall\": {\"ThisDN\": \"5001\", \"ConnID\": \"" + conn + "\"}}");
      run(
          t.tenant(),
          "{\"RequestReleaseCall\": {\"ThisDN\": \"5001\", \"ConnID\": \"" + conn + "\"}}");
    }
    assertThat(b.stats().takeovers()).isGreaterThanOrEqualTo(2);

    // acknowledged steps become visible at the commit that follows
    await(
        "every tenant's release is visible to read_committed consumers",
        Duration.ofSeconds(30),
        () ->
            readCommitted(topics.all()).stream()
                    .filter(
                        r ->
                            new String(r.value(), StandardCharsets.UTF_8).contains("EventReleased"))
                    .map(r -> r.key().substring(0, r.key().indexOf(':')))
                    .distinct()
                    .count()
                == tenants.size());
    Map<String, List<Long>> seqs = new HashMap<>();
    Set<String> ids = new HashSet<>();
    int records = 0;
    for (ConsumerRecord<String, byte[]> record : readCommitted(topics.all())) {
      records++;
      long seq = SwitchboardRecord.of(record).seq().orElseThrow();
      String id = SwitchboardRecord.of(record).eventId().orElseThrow();
      assertThat(ids.add(id)).as("event id %s published once", id).isTrue();
      seqs.computeIfAbsent(record.topic() + " " + record.key(), k -> new ArrayList<>()).add(seq);
    }
    assertThat(records).isGreaterThan(tenants.size() * 6);
    seqs.forEach(
        (key, numbers) -> {
          List<Long> expected = new ArrayList<>();
          for (long i = 1; i <= numbers.size(); i++) {
            expected.add(i);
          }
          assertThat(numbers).as("numbers of %s", key).isEqualTo(expected);
        });
  }

  @Test
  void aTakeoverRestoresTheLatestSnapshotsAndReplaysOnlyWhatFollows() throws Exception {
    snapshotSteps = 4;
    ClusterNode a = start("a");
    await("instance a serves every tenant", Duration.ofSeconds(60), () -> allServedBy(a));
    String tenant = "tenant1";
    Step make = step("{\"RequestMakeCall\": {\"ThisDN\": \"5001\", \"OtherDN\": \"5002\"}}");
    Outcome made =
        a.tenants().submit(tenant, make, java.util.Optional.of("make-1")).get(30, TimeUnit.SECONDS);
    String conn = made.connId().orElseThrow().toString();
    run(tenant, "{\"RequestAnswerCall\": {\"ThisDN\": \"5002\", \"ConnID\": \"" + conn + "\"}}");
    for (int i = 0; i < 10; i++) {
      run(tenant, "{\"RequestHoldCall\": {\"ThisDN\": \"5001\", \"ConnID\": \"" + conn + "\"}}");
      run(
          tenant,
          "{\"RequestRetrieveCall\": {\"ThisDN\": \"5001\", \"ConnID\": \"" + conn + "\"}}");
    }
    // acknowledged is not yet committed: wait for the commit that follows
    await("the 22 steps commit", Duration.ofSeconds(30), () -> a.stats().committedSteps() >= 22);
    a.halt();
    nodes.remove(a);

    ClusterNode b = start("b");
    await("instance b takes every tenant over", Duration.ofSeconds(90), () -> allServedBy(b));
    // tenant1 ran 22 steps, with a snapshot every 4: only those after the latest are replayed
    assertThat(b.stats().replayedSteps()).isLessThan(4);
    assertThat(b.stats().adoptedSteps()).isZero();
    // the key of the first step came back from a snapshot, with its outcome
    Outcome again =
        b.tenants().submit(tenant, make, java.util.Optional.of("make-1")).get(30, TimeUnit.SECONDS);
    assertThat(again).isEqualTo(made);
    run(tenant, "{\"RequestReleaseCall\": {\"ThisDN\": \"5001\", \"ConnID\": \"" + conn + "\"}}");
    Map<String, List<Long>> seqs = new HashMap<>();
    for (ConsumerRecord<String, byte[]> record : readCommitted(topics.all())) {
      seqs.computeIfAbsent(record.topic() + " " + record.key(), k -> new ArrayList<>())
          .add(SwitchboardRecord.of(record).seq().orElseThrow());
    }
    seqs.forEach(
        (key, numbers) -> {
          for (int i = 0; i < numbers.size(); i++) {
            assertThat(numbers.get(i)).as("number %d of %s", i, key).isEqualTo(i + 1L);
          }
        });
  }

  @Test
  void stepsSentWhileTheLanesSwitchKeepTheirOrderInEveryPartition() throws Exception {
    // a commit every few milliseconds: the lanes switch all the time under the steps
    commitInterval = Duration.ofMillis(3);
    ClusterNode a = start("a");
    await("instance a serves every tenant", Duration.ofSeconds(60), () -> allServedBy(a));
    List<java.util.concurrent.CompletableFuture<Outcome>> answers = new ArrayList<>();
    int toggles = 300;
    for (int i = 0; i < toggles; i++) {
      for (TenantConfig t : tenants) {
        String request = i % 2 == 0 ? "RequestSetDNDOn" : "RequestSetDNDOff";
        // sent without waiting for the answers: many steps on their way at each switch
        answers.add(
            a.tenants().submit(t.tenant(), step("{\"" + request + "\": {\"ThisDN\": \"5001\"}}")));
      }
    }
    for (java.util.concurrent.CompletableFuture<Outcome> answer : answers) {
      assertThat(answer.get(60, TimeUnit.SECONDS).rejected()).isFalse();
    }
    await(
        "every step commits",
        Duration.ofSeconds(60),
        () -> a.stats().committedSteps() >= (long) toggles * tenants.size());
    assertThat(a.stats().transactions()).as("transactions").isGreaterThan(10);
    // each DN's events in the order of its steps, numbered without a gap
    Map<String, List<String>> byKey = new HashMap<>();
    for (ConsumerRecord<String, byte[]> record : readCommitted(List.of(topics.agentState()))) {
      long seq = SwitchboardRecord.of(record).seq().orElseThrow();
      List<String> seen = byKey.computeIfAbsent(record.key(), k -> new ArrayList<>());
      assertThat(seq)
          .as("number of the next event of %s", record.key())
          .isEqualTo(seen.size() + 1L);
      seen.add(new String(record.value(), StandardCharsets.UTF_8));
    }
    assertThat(byKey).hasSize(tenants.size());
    byKey.forEach(
        (key, values) -> {
          assertThat(values).as("events of %s", key).hasSize(toggles);
          for (int i = 0; i < values.size(); i++) {
            assertThat(values.get(i))
                .as("event %d of %s", i, key)
                .contains(i % 2 == 0 ? "EventDNDOn" : "EventDNDOff");
          }
        });
    // and each tenant's step records in the step log in order, numbered without a gap
    Map<String, Long> last = new HashMap<>();
    for (ConsumerRecord<String, byte[]> record :
        readCommitted(List.of(a.settings().stepsTopic()))) {
      org.apache.kafka.common.header.Header number =
          record.headers().lastHeader(StepLogReader.STEP_NUMBER_HEADER);
      if (number != null) {
        long n = java.nio.ByteBuffer.wrap(number.value()).getLong();
        assertThat(n)
            .as("step number in %s", record.key())
            .isEqualTo(last.getOrDefault(record.key(), 0L) + 1);
        last.put(record.key(), n);
      }
    }
    assertThat(last.values()).allMatch(n -> n == toggles);
  }

  @Test
  void anOwnerFencedByItsSuccessorNeverAcknowledgesAgain() throws Exception {
    ClusterNode a = start("a");
    await("instance a serves every tenant", Duration.ofSeconds(60), () -> allServedBy(a));
    String tenant = "tenant1";
    int partition = a.partitionOf(tenant);
    run(tenant, "{\"RequestSetDNDOn\": {\"ThisDN\": \"5001\"}}");

    // what a new owner does first: the partition's transactional ids, initialized
    List<KafkaProducer<String, byte[]>> successor = new ArrayList<>();
    try {
      for (int lane = 0; lane < ClusterSettings.LANES; lane++) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
        config.put(
            ProducerConfig.TRANSACTIONAL_ID_CONFIG, a.settings().transactionalId(partition, lane));
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config);
        successor.add(producer);
        producer.initTransactions();
      }
      assertThatThrownBy(
              () ->
                  a.tenants()
                      .submit(tenant, step("{\"RequestSetDNDOff\": {\"ThisDN\": \"5001\"}}"))
                      .get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class);
    } finally {
      successor.forEach(KafkaProducer::close);
    }
    // still the owner in the group: it rebuilds from the log and serves again
    await("instance a serves the tenant again", Duration.ofSeconds(60), () -> allServedBy(a));
    assertThat(a.tenants().view(tenant).dns())
        .filteredOn(d -> d.dn().equals("5001"))
        .singleElement()
        .satisfies(d -> assertThat(d.dnd()).isTrue());
    // the zombie's step is on no topic: only the first step's event is (committed then, or
    // adopted by the rebuild if the fencing aborted the transaction that held it)
    List<String> values = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : readCommitted(List.of(topics.agentState()))) {
      if (record.key().startsWith(tenant + ":")) {
        values.add(new String(record.value(), StandardCharsets.UTF_8));
      }
    }
    assertThat(values).hasSize(1);
    assertThat(values.get(0)).contains("EventDNDOn");
  }

  @Test
  void stepsAcknowledgedButNeverCommittedAreAdoptedByTheNextOwner() throws Exception {
    // a transaction open far longer than the test: nothing a acknowledges commits before it dies
    commitInterval = Duration.ofSeconds(4);
    ClusterNode a = start("a");
    await("instance a serves every tenant", Duration.ofSeconds(60), () -> allServedBy(a));
    String tenant = "tenant2";
    Step make = step("{\"RequestMakeCall\": {\"ThisDN\": \"5001\", \"OtherDN\": \"5002\"}}");
    long before = a.stats().committedSteps();
    Outcome made =
        a.tenants().submit(tenant, make, java.util.Optional.of("make-2")).get(30, TimeUnit.SECONDS);
    String conn = made.connId().orElseThrow().toString();
    run(tenant, "{\"RequestAnswerCall\": {\"ThisDN\": \"5002\", \"ConnID\": \"" + conn + "\"}}");
    run(tenant, "{\"RequestHoldCall\": {\"ThisDN\": \"5001\", \"ConnID\": \"" + conn + "\"}}");
    assertThat(a.stats().committedSteps()).as("acknowledged, not committed").isEqualTo(before);
    // nothing is visible to read_committed consumers yet
    assertThat(readCommitted(topics.all())).noneMatch(r -> r.key().startsWith(tenant + ":"));
    a.halt();
    nodes.remove(a);

    ClusterNode b = start("b");
    await("instance b takes every tenant over", Duration.ofSeconds(90), () -> allServedBy(b));
    assertThat(b.stats().adoptedSteps()).isEqualTo(3);
    // the call goes on where the acknowledgements left it, and the key kept its answer
    assertThat(
            b.tenants()
                .submit(tenant, make, java.util.Optional.of("make-2"))
                .get(30, TimeUnit.SECONDS))
        .isEqualTo(made);
    run(tenant, "{\"RequestRetrieveCall\": {\"ThisDN\": \"5001\", \"ConnID\": \"" + conn + "\"}}");
    run(tenant, "{\"RequestReleaseCall\": {\"ThisDN\": \"5001\", \"ConnID\": \"" + conn + "\"}}");
    await("b commits", Duration.ofSeconds(30), () -> b.stats().committedSteps() >= 5);
    // every event once, numbered without a gap, the adopted ones first
    assertCallPublishedOnceInOrder(tenant);
  }

  @Test
  void aRollingUpgradeReadsStepRecordsWithBodiesAndGoesOnWithDigests() throws Exception {
    // transactions open far longer than the test: each owner's steps are adopted by the next
    commitInterval = Duration.ofSeconds(4);
    stepEvents = ClusterSettings.StepEvents.BODIES;
    ClusterNode a = start("a");
    await("instance a serves every tenant", Duration.ofSeconds(60), () -> allServedBy(a));
    String tenant = "tenant3";
    String conn =
        run(tenant, "{\"RequestMakeCall\": {\"ThisDN\": \"5001\", \"OtherDN\": \"5002\"}}")
            .connId()
            .orElseThrow()
            .toString();
    // the first step commits with its events' bodies, the second is only acknowledged
    await(
        "a commits the first step", Duration.ofSeconds(30), () -> a.stats().committedSteps() >= 1);
    assertThat(stepRecords(a, tenant))
        .as("a writes the events' bodies")
        .isNotEmpty()
        .allMatch(io.switchboard.journal.JournalEntry.Step.class::isInstance);
    run(tenant, "{\"RequestAnswerCall\": {\"ThisDN\": \"5002\", \"ConnID\": \"" + conn + "\"}}");
    a.halt();
    nodes.remove(a);

    // an instance of this version, writing digests, takes the bodies over
    stepEvents = ClusterSettings.StepEvents.DIGESTS;
    ClusterNode b = start("b");
    await("instance b takes every tenant over", Duration.ofSeconds(90), () -> allServedBy(b));
    assertThat(b.stats().adoptedSteps()).isEqualTo(1);
    run(tenant, "{\"RequestHoldCall\": {\"ThisDN\": \"5001\", \"ConnID\": \"" + conn + "\"}}");
    b.halt();
    nodes.remove(b);

    // and the next one adopts b's steps from their digests, making their events again
    ClusterNode c = start("c");
    await("instance c takes every tenant over", Duration.ofSeconds(90), () -> allServedBy(c));
    assertThat(c.stats().adoptedSteps()).isEqualTo(1);
    run(tenant, "{\"RequestRetrieveCall\": {\"ThisDN\": \"5001\", \"ConnID\": \"" + conn + "\"}}");
    run(tenant, "{\"RequestReleaseCall\": {\"ThisDN\": \"5001\", \"ConnID\": \"" + conn + "\"}}");
    await("c commits", Duration.ofSeconds(30), () -> c.stats().committedSteps() >= 3);
    assertThat(stepRecords(c, tenant))
        .as("c writes digests")
        .isNotEmpty()
        .allMatch(io.switchboard.journal.JournalEntry.DigestedStep.class::isInstance);

    assertCallPublishedOnceInOrder(tenant);
  }

  /**
   * The committed events of {@code tenant}'s call: each once, numbered without a gap per key, from
   * its dialing to its release.
   */
  private void assertCallPublishedOnceInOrder(String tenant) {
    Map<String, List<Long>> seqs = new HashMap<>();
    Set<String> ids = new HashSet<>();
    List<String> values = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : readCommitted(topics.all())) {
      if (!record.key().startsWith(tenant + ":")) {
        continue;
      }
      String id = SwitchboardRecord.of(record).eventId().orElseThrow();
      assertThat(ids.add(id)).as("event id %s published once", id).isTrue();
      seqs.computeIfAbsent(record.topic() + " " + record.key(), k -> new ArrayList<>())
          .add(SwitchboardRecord.of(record).seq().orElseThrow());
      values.add(new String(record.value(), StandardCharsets.UTF_8));
    }
    assertThat(String.join("\n", values))
        .contains(
            "EventDialing", "EventEstablished", "EventHeld", "EventRetrieved", "EventReleased");
    seqs.forEach(
        (key, numbers) -> {
          for (int i = 0; i < numbers.size(); i++) {
            assertThat(numbers.get(i)).as("number %d of %s", i, key).isEqualTo(i + 1L);
          }
        });
  }

  /** The committed step records of {@code tenant} in the step log. */
  private List<io.switchboard.journal.JournalEntry> stepRecords(ClusterNode node, String tenant) {
    return readCommitted(List.of(node.settings().stepsTopic())).stream()
        .filter(r -> tenant.equals(r.key()))
        .map(r -> io.switchboard.journal.JournalEntry.decode(r.value()))
        .filter(
            e ->
                e instanceof io.switchboard.journal.JournalEntry.Step
                    || e instanceof io.switchboard.journal.JournalEntry.DigestedStep)
        .toList();
  }

  private List<ConsumerRecord<String, byte[]>> readCommitted(List<String> names) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    config.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : names) {
        consumer
            .partitionsFor(topic, Duration.ofSeconds(10))
            .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the topics were not read to their end within 60 s");
        }
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }
}
