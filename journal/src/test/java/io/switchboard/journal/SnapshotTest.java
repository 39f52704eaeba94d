package io.switchboard.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.engine.IdSource;
import io.switchboard.engine.Outcome;
import io.switchboard.engine.TenantConfig;
import io.switchboard.engine.TenantEngine;
import io.switchboard.engine.Tenants;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots plugged in through an {@link EngineCodec}: a restart replays only what follows the
 * snapshot, numbering goes on, and segments both published and covered are deleted.
 *
 * <p>The engine cannot write its state yet, so the codec here stands for one on a tenant whose
 * state is the one its configuration gives (no agent, no call, no DND): it keeps the state digest
 * and checks it when it reads the engine back. The steps give their own ReferenceIDs, so that the
 * engine's counters do not matter.
 */
class SnapshotTest {
  @TempDir Path dir;

  final AtomicLong seconds = new AtomicLong(1_700_000_000L);
  final InstantSource clock = () -> Instant.ofEpochSecond(seconds.getAndIncrement());
  final AtomicInteger decoded = new AtomicInteger();

  final EngineCodec idle =
      new EngineCodec() {
        @Override
        public byte[] encode(TenantEngine engine) {
          return engine.stateDigest().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public TenantEngine decode(
            TenantConfig config, byte[] state, InstantSource clock, IdSource ids) {
          TenantEngine engine = new TenantEngine(config, clock, ids);
          assertThat(engine.stateDigest()).isEqualTo(new String(state, StandardCharsets.UTF_8));
          decoded.incrementAndGet();
          return engine;
        }
      };

  JournalSettings settings() {
    return JournalSettings.of(dir).withSegmentBytes(2_000);
  }

  DurableTenants open(Optional<EngineCodec> codec) {
    return DurableTenants.open(
        settings(),
        List.of(DurableTenantsTest.ACME),
        clock,
        t -> IdSource.sequential(0x1000),
        new TestKeying(),
        codec);
  }

  static void dndOnAndOff(Tenants tenants, int times) {
    for (int i = 0; i < times; i++) {
      Outcome on =
          tenants
              .submit(
                  "acme",
                  DurableTenantsTest.step(
                      "{\"RequestSetDNDOn\": {\"ThisDN\": \"5001\", \"ReferenceID\": 1}}"))
              .join();
      assertThat(on.rejected()).isFalse();
      tenants
          .submit(
              "acme",
              DurableTenantsTest.step(
                  "{\"RequestSetDNDOff\": {\"ThisDN\": \"5001\", \"ReferenceID\": 2}}"))
          .join();
    }
  }

  static void publishEverything(Journal journal) {
    try (JournalReader reader = journal.reader(journal.publishedPosition() + 1)) {
      Journal.Entry last = null;
      for (Optional<Journal.Entry> e = reader.poll(); e.isPresent(); e = reader.poll()) {
        last = e.get();
      }
      if (last != null) {
        journal.published(last.position(), last.endOffset());
      }
    }
  }

  long segments() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".log")).count();
    }
  }

  @Test
  void aRestartStartsFromTheSnapshotAndNumberingGoesOn() throws Exception {
    long before;
    try (DurableTenants durable = open(Optional.of(idle))) {
      dndOnAndOff(durable.tenants(), 40);
      before = segments();
      assertThat(before).isGreaterThan(3);
      // nothing is published yet: the snapshot is written, but no segment may go
      assertThat(durable.snapshot()).isPresent();
      assertThat(segments()).isEqualTo(before);
      publishEverything(durable.journal());
      durable.snapshot();
      assertThat(segments()).isLessThan(before);
      dndOnAndOff(durable.tenants(), 3);
    }
    try (DurableTenants durable = open(Optional.of(idle))) {
      assertThat(decoded.get()).isEqualTo(1);
      assertThat(durable.recovery().snapshot()).isPositive();
      assertThat(durable.journal().firstPosition()).isGreaterThan(1);
      // the close wrote a last snapshot: nothing to replay
      assertThat(durable.recovery().steps()).isZero();
      dndOnAndOff(durable.tenants(), 1);
      List<JournalEntry> entries = DurableTenantsTest.entries(durable.journal());
      JournalEntry.Step last = (JournalEntry.Step) entries.get(entries.size() - 1);
      assertThat(last.events()).singleElement().extracting(JournaledEvent::seq).isEqualTo(88L);
    }
  }

  @Test
  void stepsAfterTheSnapshotAreReplayed() throws Exception {
    try (DurableTenants durable = open(Optional.of(idle))) {
      dndOnAndOff(durable.tenants(), 5);
      durable.snapshot();
      durable
          .tenants()
          .submit(
              "acme",
              DurableTenantsTest.step(
                  "{\"RequestSetDNDOn\": {\"ThisDN\": \"5002\", \"ReferenceID\": 3}}"))
          .join();
    }
    // without the last snapshot, the one close() wrote: as after a crash
    try (Stream<Path> files = Files.list(dir.resolve("snapshots"))) {
      Files.delete(files.sorted().reduce((a, b) -> b).orElseThrow());
    }
    try (DurableTenants durable = open(Optional.of(idle))) {
      assertThat(durable.recovery().steps()).isEqualTo(1);
      assertThat(durable.tenants().view("acme").dns().get(1).dnd()).isTrue();
    }
  }

  @Test
  void aTruncatedJournalNeedsTheSnapshots() throws Exception {
    try (DurableTenants durable = open(Optional.of(idle))) {
      dndOnAndOff(durable.tenants(), 40);
      publishEverything(durable.journal());
      durable.snapshot();
      durable.snapshot();
      assertThat(durable.journal().firstPosition()).isGreaterThan(1);
    }
    assertThatThrownBy(() -> open(Optional.empty()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot read engine snapshots");
    try (Stream<Path> files = Files.list(dir.resolve("snapshots"))) {
      for (Path file : files.toList()) {
        Files.write(file, new byte[] {1, 2, 3});
      }
    }
    assertThatThrownBy(() -> open(Optional.of(idle)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no snapshot in");
  }
}
