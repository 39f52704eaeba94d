package io.switchboard.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.engine.AgentList;
import io.switchboard.engine.DirectoryEntry;
import io.switchboard.engine.ErrorCode;
import io.switchboard.engine.IdSource;
import io.switchboard.engine.Outcome;
import io.switchboard.engine.TenantConfig;
import io.switchboard.engine.TenantEngine;
import io.switchboard.engine.Tenants;
import io.switchboard.json.ConnIdResolver;
import io.switchboard.json.Json;
import io.switchboard.json.StepJson;
import io.switchboard.model.Attribute;
import io.switchboard.model.DNType;
import io.switchboard.model.Event;
import io.switchboard.model.EventType;
import io.switchboard.model.request.Step;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Steps journaled before they are acknowledged, numbered per key, and replayed on reopening. */
class DurableTenantsTest {
  @TempDir Path dir;

  static final TenantConfig ACME =
      TenantConfig.of(
          "acme",
          List.of(
              new DirectoryEntry("5001", DNType.Extension),
              new DirectoryEntry("5002", DNType.Extension),
              new DirectoryEntry("5003", DNType.Extension)));

  final AtomicLong seconds = new AtomicLong(1_700_000_000L);
  final InstantSource clock = () -> Instant.ofEpochSecond(seconds.getAndIncrement(), 123_000);

  DurableTenants open(JournalSettings settings, TenantConfig... configs) {
    // a fixed id base, the same on every open: the engines must not reuse the ids of replayed steps
    return DurableTenants.open(
        settings, List.of(configs), clock, t -> IdSource.sequential(0x1000), new TestKeying());
  }

  static Step step(String json) {
    try {
      return StepJson.parse(Json.mapper().readTree(json), ConnIdResolver.none()).step();
    } catch (Exception e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  static Outcome run(Tenants tenants, String json) {
    return tenants.submit("acme", step(json)).join();
  }

  static String call(Tenants tenants, String from, String to) {
    Outcome made =
        run(
            tenants,
            "{\"RequestMakeCall\": {\"ThisDN\": \"" + from + "\", \"OtherDN\": \"" + to + "\"}}");
    assertThat(made.rejected()).as("%s", made).isFalse();
    return made.connId().orElseThrow().toString();
  }

  static List<JournalEntry> entries(Journal journal) {
    List<JournalEntry> entries = new ArrayList<>();
    try (JournalReader reader = journal.reader(journal.firstPosition())) {
      for (Optional<Journal.Entry> e = reader.poll(); e.isPresent(); e = reader.poll()) {
        entries.add(JournalEntry.decode(e.get().payload()));
      }
    }
    return entries;
  }

  @Test
  void anIdempotencyKeyIsJournaledWithItsStepAndKeptAcrossARestart() {
    Step make = step("{\"RequestMakeCall\": {\"ThisDN\": \"5001\", \"OtherDN\": \"5002\"}}");
    Outcome first;
    try (DurableTenants durable = open(JournalSettings.of(dir), ACME)) {
      first = durable.tenants().submit("acme", make, Optional.of("k-1")).join();
      assertThat(first.rejected()).isFalse();
      JournalEntry.Step journaled =
          (JournalEntry.Step) entries(durable.journal()).get(entries(durable.journal()).size() - 1);
      assertThat(journaled.idempotencyKey()).contains("k-1");
    }
    try (DurableTenants durable = open(JournalSettings.of(dir), ACME)) {
      long entries = entries(durable.journal()).size();
      Outcome again = durable.tenants().submit("acme", make, Optional.of("k-1")).join();
      assertThat(again).as("the first outcome, rebuilt from the journal").isEqualTo(first);
      assertThat(entries(durable.journal()))
          .as("the step did not run again")
          .hasSize((int) entries);
    }
  }

  @Test
  void aStepIsJournaledWithItsInputsAndNumberedEvents() {
    try (DurableTenants durable = open(JournalSettings.of(dir), ACME)) {
      Tenants tenants = durable.tenants();
      run(
          tenants,
          "{\"RequestAgentLogin\": {\"ThisDN\": \"5001\", \"AgentID\": \"1001\", \"AgentWorkMode\": \"AutoIn\"}}");
      String c = call(tenants, "5001", "5002");
      run(tenants, "{\"RequestAnswerCall\": {\"ThisDN\": \"5002\", \"ConnID\": \"" + c + "\"}}");

      List<JournalEntry> entries = entries(durable.journal());
      assertThat(entries.get(0)).isEqualTo(new JournalEntry.Configured(ACME));
      JournalEntry.Step login = (JournalEntry.Step) entries.get(1);
      assertThat(login.events())
          .extracting(JournaledEvent::key, JournaledEvent::seq)
          .containsExactly(
              org.assertj.core.api.Assertions.tuple("acme:1001", 1L),
              org.assertj.core.api.Assertions.tuple("acme:1001", 2L));
      JournalEntry.Step make = (JournalEntry.Step) entries.get(2);
      assertThat(make.connIds()).hasSize(1);
      assertThat(make.stepText()).contains("RequestMakeCall");
      assertThat(make.events()).extracting(JournaledEvent::seq).containsExactly(1L, 2L);
      JournalEntry.Step answer = (JournalEntry.Step) entries.get(3);
      assertThat(answer.events()).extracting(JournaledEvent::seq).containsExactly(3L, 4L);
      assertThat(answer.events().get(0).valueText()).contains("\"id\":\"EventEstablished\"");
    }
  }

  @Test
  void reopeningRebuildsTheStateAndNumberingGoesOn() {
    String digest;
    String c;
    try (DurableTenants durable = open(JournalSettings.of(dir), ACME)) {
      Tenants tenants = durable.tenants();
      run(
          tenants,
          "{\"RequestAgentLogin\": {\"ThisDN\": \"5002\", \"AgentID\": \"1002\", \"AgentWorkMode\": \"ManualIn\"}}");
      c = call(tenants, "5001", "5002");
      run(tenants, "{\"RequestAnswerCall\": {\"ThisDN\": \"5002\", \"ConnID\": \"" + c + "\"}}");
      run(
          tenants,
          "{\"RequestAttachUserData\": {\"ThisDN\": \"5001\", \"ConnID\": \""
              + c
              + "\", \"UserData\": {\"Segment\": \"Gold\"}}}");
      // rejected: its ReferenceID still counts, so it is journaled too
      assertThat(
              run(
                      tenants,
                      "{\"RequestAnswerCall\": {\"ThisDN\": \"5003\", \"ConnID\": \"" + c + "\"}}")
                  .rejected())
          .isTrue();
      run(tenants, "{\"RequestHoldCall\": {\"ThisDN\": \"5001\", \"ConnID\": \"" + c + "\"}}");
      digest = tenants.inspect("acme", TenantEngine::stateDigest);
    }
    try (DurableTenants durable = open(JournalSettings.of(dir), ACME)) {
      assertThat(durable.recovery().mismatches()).isZero();
      assertThat(durable.recovery().steps()).isEqualTo(6);
      Tenants tenants = durable.tenants();
      assertThat(tenants.inspect("acme", TenantEngine::stateDigest)).isEqualTo(digest);
      // the call goes on
      Outcome retrieved =
          run(
              tenants,
              "{\"RequestRetrieveCall\": {\"ThisDN\": \"5001\", \"ConnID\": \"" + c + "\"}}");
      assertThat(retrieved.rejected()).isFalse();
      assertThat(retrieved.published().get(0).get(Attribute.ReferenceID, Long.class)).contains(7L);
      // a new call gets an id above every replayed one, although the id source starts over
      String next = call(tenants, "5003", "5001");
      assertThat(next).isNotEqualTo(c);
      assertThat(Long.parseUnsignedLong(next.substring(0, 16), 16))
          .isGreaterThan(Long.parseUnsignedLong(c.substring(0, 16), 16));
      List<JournalEntry> entries = entries(durable.journal());
      JournalEntry.Step last = (JournalEntry.Step) entries.get(entries.size() - 2);
      assertThat(last.stepText()).contains("RequestRetrieveCall");
      assertThat(last.events()).singleElement().extracting(JournaledEvent::seq).isEqualTo(6L);
    }
  }

  @Test
  void aFullJournalRefusesStepsBeforeTheyChangeAnything() {
    try (DurableTenants durable = open(JournalSettings.of(dir).withMaxBytes(1), ACME)) {
      Tenants tenants = durable.tenants();
      String before = tenants.inspect("acme", TenantEngine::stateDigest);
      Outcome refused =
          run(
              tenants,
              "{\"RequestMakeCall\": {\"ThisDN\": \"5001\", \"OtherDN\": \"5002\", \"ReferenceID\": 42}}");
      assertThat(refused.rejected()).isTrue();
      Event error = refused.error().orElseThrow();
      assertThat(error.type()).isEqualTo(EventType.EventError);
      assertThat(error.get(Attribute.ErrorCode, Long.class))
          .contains((long) ErrorCode.JournalFull.code());
      assertThat(error.string(Attribute.ErrorMessage).orElseThrow())
          .startsWith("RequestMakeCall refused: the journal holds")
          .contains("retry once Kafka is back");
      assertThat(error.string(Attribute.ThisDN)).contains("5001");
      assertThat(error.get(Attribute.ReferenceID, Long.class)).contains(42L);
      assertThat(tenants.inspect("acme", TenantEngine::stateDigest)).isEqualTo(before);
      assertThat(durable.sink().refused()).isEqualTo(1);
      assertThat(durable.journal().lastPosition()).isEqualTo(1);
    }
  }

  @Test
  void publishingMakesRoomAgain() throws Exception {
    try (DurableTenants durable = open(JournalSettings.of(dir).withMaxBytes(400), ACME)) {
      Tenants tenants = durable.tenants();
      Journal journal = durable.journal();
      int accepted = 0;
      while (!run(tenants, "{\"RequestSetDNDOn\": {\"ThisDN\": \"5001\"}}").rejected()) {
        accepted++;
        run(tenants, "{\"RequestSetDNDOff\": {\"ThisDN\": \"5001\"}}");
      }
      assertThat(accepted).isPositive();
      try (JournalReader reader = journal.reader(1)) {
        Journal.Entry last = null;
        for (Optional<Journal.Entry> e = reader.poll(); e.isPresent(); e = reader.poll()) {
          last = e.get();
        }
        journal.published(last.position(), last.endOffset());
      }
      assertThat(run(tenants, "{\"RequestSetDNDOn\": {\"ThisDN\": \"5001\"}}").rejected())
          .isFalse();
    }
  }

  @Test
  void directoryChangesAreJournaledAndReplayed() {
    TenantConfig wider =
        TenantConfig.of(
            "acme",
            List.of(
                new DirectoryEntry("5001", DNType.Extension),
                new DirectoryEntry("5002", DNType.Extension),
                new DirectoryEntry("5003", DNType.Extension),
                new DirectoryEntry("5004", DNType.Extension)));
    try (DurableTenants durable = open(JournalSettings.of(dir), ACME)) {
      call(durable.tenants(), "5001", "5002");
    }
    try (DurableTenants durable = open(JournalSettings.of(dir), wider)) {
      call(durable.tenants(), "5003", "5004");
    }
    // reopened with the narrower directory: 5004 is in a call, so it stays
    try (DurableTenants durable = open(JournalSettings.of(dir), ACME)) {
      assertThat(durable.recovery().mismatches()).isZero();
      assertThat(durable.tenants().view("acme").calls()).hasSize(2);
      assertThat(durable.tenants().view("acme").dns()).extracting(d -> d.dn()).contains("5004");
    }
  }

  static final String LOGIN_1001 =
      "{\"RequestAgentLogin\": {\"ThisDN\": \"5001\", \"AgentID\": \"1001\", \"AgentWorkMode\":"
          + " \"AutoIn\"}}";
  static final String LOGIN_1003 =
      "{\"RequestAgentLogin\": {\"ThisDN\": \"5003\", \"AgentID\": \"1003\", \"AgentWorkMode\":"
          + " \"AutoIn\"}}";

  @Test
  void theAgentsAndTheirChangesAreJournaledAndKeptOverARestart() {
    TenantConfig listed = ACME.withAgents(AgentList.of(List.of("1001", "1002")));
    try (DurableTenants durable = open(JournalSettings.of(dir), listed)) {
      Tenants tenants = durable.tenants();
      assertThat(entries(durable.journal()).get(0)).isEqualTo(new JournalEntry.Configured(listed));
      assertThat(run(tenants, LOGIN_1003).errorCode()).contains(ErrorCode.UnknownAgent);
      tenants.reconfigure("acme", e -> e.addAgent("1003"));
      assertThat(run(tenants, LOGIN_1003).rejected()).isFalse();
    }
    // the same configuration again: the agent added at run time is in the journal and stays
    // until the configuration given at start changes the list
    try (DurableTenants durable =
        open(
            JournalSettings.of(dir),
            ACME.withAgents(AgentList.of(List.of("1001", "1002", "1003"))))) {
      assertThat(durable.recovery().mismatches()).isZero();
      Tenants tenants = durable.tenants();
      assertThat(tenants.inspect("acme", TenantEngine::config).agents())
          .isEqualTo(AgentList.of(List.of("1001", "1002", "1003")));
      assertThat(tenants.view("acme").agents())
          .extracting(a -> a.agentId())
          .containsExactly("1003");
      assertThat(run(tenants, LOGIN_1001).rejected()).isFalse();
    }
  }

  @Test
  void aListThatLeavesOutAnAgentLoggedInWaitsAndAnyIsAlwaysApplied() {
    TenantConfig listed = ACME.withAgents(AgentList.of(List.of("1001")));
    try (DurableTenants durable = open(JournalSettings.of(dir), listed)) {
      assertThat(run(durable.tenants(), LOGIN_1001).rejected()).isFalse();
    }
    // 1001 is logged in: a list without it cannot be applied yet, the journaled one is kept
    try (DurableTenants durable =
        open(JournalSettings.of(dir), ACME.withAgents(AgentList.of(List.of("1002"))))) {
      assertThat(durable.tenants().inspect("acme", TenantEngine::config).agents())
          .isEqualTo(AgentList.of(List.of("1001")));
      assertThat(durable.tenants().view("acme").agents()).hasSize(1);
    }
    try (DurableTenants durable = open(JournalSettings.of(dir), ACME)) {
      assertThat(durable.tenants().inspect("acme", TenantEngine::config).agents().acceptsAny())
          .isTrue();
      assertThat(run(durable.tenants(), LOGIN_1003).rejected()).isFalse();
    }
    // and the last change is what a restart replays
    try (DurableTenants durable = open(JournalSettings.of(dir), ACME)) {
      assertThat(durable.tenants().inspect("acme", TenantEngine::config).agents().acceptsAny())
          .isTrue();
      assertThat(durable.tenants().view("acme").agents()).hasSize(2);
    }
  }

  @Test
  void tenantsNoLongerConfiguredAreRemovedWhenIdle() {
    TenantConfig globex =
        TenantConfig.of("globex", List.of(new DirectoryEntry("6001", DNType.Extension)));
    try (DurableTenants durable = open(JournalSettings.of(dir), ACME, globex)) {
      assertThat(durable.tenants().ids()).containsExactly("acme", "globex");
    }
    try (DurableTenants durable = open(JournalSettings.of(dir), ACME)) {
      assertThat(durable.tenants().ids()).containsExactly("acme");
    }
    try (DurableTenants durable = open(JournalSettings.of(dir), ACME)) {
      assertThat(durable.tenants().ids()).containsExactly("acme");
      assertThat(entries(durable.journal()))
          .filteredOn(e -> e instanceof JournalEntry.Removed)
          .hasSize(1);
    }
  }

  @Test
  void countersOfEndedCallThreadsAreDropped() {
    try (DurableTenants durable = open(JournalSettings.of(dir), ACME)) {
      Tenants tenants = durable.tenants();
      String c = call(tenants, "5001", "5002");
      call(tenants, "5003", "5001");
      run(tenants, "{\"RequestReleaseCall\": {\"ThisDN\": \"5001\", \"ConnID\": \"" + c + "\"}}");
      assertThat(durable.sink().keys()).isEqualTo(2);
    }
    try (DurableTenants durable = open(JournalSettings.of(dir), ACME)) {
      assertThat(durable.sink().keys()).isEqualTo(1);
    }
  }

  @Test
  void aJournaledTenantKeepsItsServerName() {
    try (DurableTenants durable = open(JournalSettings.of(dir), ACME)) {
      call(durable.tenants(), "5001", "5002");
    }
    try (DurableTenants durable =
        DurableTenants.open(
            JournalSettings.of(dir),
            List.of(new TenantConfig("acme", ACME.directory(), "other")),
            clock,
            t -> IdSource.sequential(0x1000),
            new TestKeying())) {
      assertThat(durable.recovery().mismatches()).isZero();
      assertThat(durable.tenants().inspect("acme", TenantEngine::config).server())
          .isEqualTo(TenantConfig.DEFAULT_SERVER);
    }
  }

  @Test
  void aStepThatRunsDifferentlyOnReplayIsCountedAndItsJournaledEventsKept() {
    try (Journal journal = Journal.open(JournalSettings.of(dir))) {
      journal.append(new JournalEntry.Configured(ACME).encode());
      byte[] step = "{\"RequestSetDNDOn\":{\"ThisDN\":\"5001\"}}".getBytes(StandardCharsets.UTF_8);
      journal
          .append(
              new JournalEntry.Step("acme", Instant.ofEpochSecond(1), List.of(), step, List.of())
                  .encode())
          .durable()
          .join();
    }
    try (DurableTenants durable = open(JournalSettings.of(dir), ACME)) {
      assertThat(durable.recovery().steps()).isEqualTo(1);
      assertThat(durable.recovery().mismatches()).isEqualTo(1);
      assertThat(durable.tenants().view("acme").dns().get(0).dnd()).isTrue();
      assertThat(((JournalEntry.Step) entries(durable.journal()).get(1)).events()).isEmpty();
    }
  }

  @Test
  void stepsAcknowledgedWhenPublishedWaitForThePublishedPosition() throws Exception {
    try (DurableTenants durable = open(JournalSettings.of(dir), ACME)) {
      durable.sink().acknowledge(JournalSink.Acknowledge.PUBLISHED);
      var made =
          durable
              .tenants()
              .submit(
                  "acme",
                  step("{\"RequestMakeCall\": {\"ThisDN\": \"5001\", \"OtherDN\": \"5002\"}}"));
      Journal journal = durable.journal();
      long position = journal.lastPosition();
      assertThat(journal.awaitDurable(position, java.time.Duration.ofSeconds(10))).isTrue();
      assertThat(made).isNotDone();
      journal.published(position, 0);
      assertThat(made.join().rejected()).isFalse();

      durable.sink().acknowledge(JournalSink.Acknowledge.DURABLE);
      assertThat(
              durable
                  .tenants()
                  .submit(
                      "acme",
                      step(
                          "{\"RequestAnswerCall\": {\"ThisDN\": \"5002\", \"ConnID\": \""
                              + made.join().connId().orElseThrow()
                              + "\"}}"))
                  .join()
                  .rejected())
          .isFalse();
    }
  }
}
