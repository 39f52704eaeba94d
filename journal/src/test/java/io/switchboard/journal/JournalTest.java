package io.switchboard.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal's files: numbering, durability, segments, crash recovery, truncation, the bound. */
class JournalTest {
  @TempDir Path dir;

  private JournalSettings settings() {
    return JournalSettings.of(dir);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> readAll(Journal journal, long from) {
    List<String> texts = new ArrayList<>();
    try (JournalReader reader = journal.reader(from)) {
      for (Optional<Journal.Entry> e = reader.poll(); e.isPresent(); e = reader.poll()) {
        texts.add(e.get().position() + ":" + new String(e.get().payload(), StandardCharsets.UTF_8));
      }
    }
    return texts;
  }

  @Test
  void entriesAreNumberedInOrderAndSurviveAReopen() {
    try (Journal journal = Journal.open(settings())) {
      assertThat(journal.lastPosition()).isZero();
      Journal.Appended a = journal.append(bytes("a"));
      Journal.Appended b = journal.append(bytes("b"));
      assertThat(a.position()).isEqualTo(1);
      assertThat(b.position()).isEqualTo(2);
      CompletableFuture.allOf(a.durable(), b.durable()).join();
      assertThat(journal.durablePosition()).isEqualTo(2);
    }
    try (Journal journal = Journal.open(settings())) {
      assertThat(readAll(journal, 1)).containsExactly("1:a", "2:b");
      Journal.Appended c = journal.append(bytes("c"));
      assertThat(c.position()).isEqualTo(3);
      c.durable().join();
      // counted since this opening: one entry, made durable by one sync
      assertThat(journal.stats().appends()).isEqualTo(1);
      assertThat(journal.stats().syncs()).isEqualTo(1);
    }
  }

  @Test
  void theIdIsKeptAcrossReopens() {
    String id;
    try (Journal journal = Journal.open(settings())) {
      id = journal.id();
    }
    try (Journal journal = Journal.open(settings())) {
      assertThat(journal.id()).isEqualTo(id).matches("[0-9a-f]{16}");
    }
  }

  @Test
  void concurrentAppendsAreAllDurableInPositionOrder() throws Exception {
    try (Journal journal = Journal.open(settings())) {
      List<Thread> threads = new ArrayList<>();
      List<CompletableFuture<Void>> futures =
          java.util.Collections.synchronizedList(new ArrayList<>());
      for (int t = 0; t < 4; t++) {
        int thread = t;
        Thread appender =
            new Thread(
                () -> {
                  for (int i = 0; i < 250; i++) {
                    futures.add(journal.append(bytes(thread + "-" + i)).durable());
                  }
                });
        appender.start();
        threads.add(appender);
      }
      for (Thread thread : threads) {
        thread.join();
      }
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
      List<String> all = readAll(journal, 1);
      assertThat(all).hasSize(1000);
      for (int t = 0; t < 4; t++) {
        String prefix = ":" + t + "-";
        List<Integer> order =
            all.stream()
                .filter(s -> s.contains(prefix))
                .map(s -> Integer.parseInt(s.substring(s.indexOf(prefix) + prefix.length())))
                .toList();
        assertThat(order).isSorted().hasSize(250);
      }
    }
  }

  @Test
  void segmentsRollOverAndReadersCrossThem() {
    try (Journal journal = Journal.open(settings().withSegmentBytes(100))) {
      for (int i = 1; i <= 20; i++) {
        journal.append(bytes("entry-" + i)).durable().join();
      }
      assertThat(journal.stats().segments()).isGreaterThanOrEqualTo(4);
      assertThat(readAll(journal, 7)).hasSize(14).first().isEqualTo("7:entry-7");
    }
    try (Journal journal = Journal.open(settings().withSegmentBytes(100))) {
      assertThat(readAll(journal, 1)).hasSize(20).last().isEqualTo("20:entry-20");
    }
  }

  @Test
  void anEntryTornByACrashIsCutOffAndNumberingGoesOn() throws IOException {
    try (Journal journal = Journal.open(settings())) {
      journal.append(bytes("kept")).durable().join();
      journal.append(bytes("torn entry")).durable().join();
    }
    Path segment = dir.resolve(Journal.segmentName(1));
    try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
      file.setLength(file.length() - 3);
    }
    try (Journal journal = Journal.open(settings())) {
      assertThat(readAll(journal, 1)).containsExactly("1:kept");
      journal.append(bytes("after")).durable().join();
      assertThat(readAll(journal, 1)).containsExactly("1:kept", "2:after");
    }
  }

  @Test
  void garbageAfterTheLastEntryIsCutOff() throws IOException {
    try (Journal journal = Journal.open(settings())) {
      journal.append(bytes("kept")).durable().join();
    }
    Files.write(
        dir.resolve(Journal.segmentName(1)),
        new byte[] {0, 0, 0, 5, 1, 2},
        java.nio.file.StandardOpenOption.APPEND);
    try (Journal journal = Journal.open(settings())) {
      assertThat(readAll(journal, 1)).containsExactly("1:kept");
    }
  }

  @Test
  void aDamagedEarlierSegmentIsReportedWhenRead() throws IOException {
    try (Journal journal = Journal.open(settings().withSegmentBytes(64))) {
      for (int i = 1; i <= 6; i++) {
        journal.append(bytes("entry-number-" + i)).durable().join();
      }
    }
    Path first = dir.resolve(Journal.segmentName(1));
    byte[] content = Files.readAllBytes(first);
    content[Journal.HEADER + 2] ^= 0x55;
    Files.write(first, content);
    try (Journal journal = Journal.open(settings().withSegmentBytes(64))) {
      assertThatThrownBy(() -> readAll(journal, 1))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("damaged")
          .hasMessageContaining("CRC");
    }
  }

  @Test
  void truncationDeletesWholeSegmentsUpToThePosition() {
    try (Journal journal = Journal.open(settings().withSegmentBytes(60))) {
      for (int i = 1; i <= 12; i++) {
        journal.append(bytes("entry-" + i)).durable().join();
      }
      int before = journal.stats().segments();
      long bytesBefore = journal.bytes();
      assertThat(journal.truncate(5)).isPositive();
      assertThat(journal.firstPosition()).isLessThanOrEqualTo(6).isGreaterThan(1);
      assertThat(journal.stats().segments()).isLessThan(before);
      assertThat(journal.bytes()).isLessThan(bytesBefore);
      assertThat(readAll(journal, 6)).hasSize(7);
      assertThatThrownBy(() -> journal.reader(1)).hasMessageContaining("starts at position");
      journal.truncate(Long.MAX_VALUE);
      assertThat(journal.stats().segments()).isEqualTo(1);
    }
    try (Journal journal = Journal.open(settings().withSegmentBytes(60))) {
      assertThat(journal.lastPosition()).isEqualTo(12);
      assertThat(journal.append(bytes("13")).position()).isEqualTo(13);
    }
  }

  @Test
  void unpublishedBytesFollowThePublishedPositionAcrossReopens() throws Exception {
    long end;
    try (Journal journal = Journal.open(settings())) {
      journal.append(bytes("one")).durable().join();
      journal.append(bytes("two")).durable().join();
      assertThat(journal.unpublishedBytes()).isEqualTo(2L * Journal.HEADER + 6);
      try (JournalReader reader = journal.reader(1)) {
        end = reader.next(Duration.ofSeconds(5)).orElseThrow().endOffset();
      }
      journal.published(1, end);
      assertThat(journal.unpublishedBytes()).isEqualTo(Journal.HEADER + 3);
    }
    try (Journal journal = Journal.open(settings())) {
      assertThat(journal.publishedPosition()).isEqualTo(1);
      assertThat(journal.unpublishedBytes()).isEqualTo(Journal.HEADER + 3);
      assertThat(journal.stats().unpublishedEntries()).isEqualTo(1);
    }
  }

  @Test
  void aReaderWaitsForTheNextEntry() throws Exception {
    try (Journal journal = Journal.open(settings());
        JournalReader reader = journal.reader(1)) {
      assertThat(reader.poll()).isEmpty();
      Thread writer = new Thread(() -> journal.append(bytes("late")));
      writer.start();
      Optional<Journal.Entry> entry = reader.next(Duration.ofSeconds(30));
      writer.join();
      assertThat(entry).map(e -> new String(e.payload(), StandardCharsets.UTF_8)).contains("late");
    }
  }

  @Test
  void twoJournalsCannotShareADirectory() {
    try (Journal journal = Journal.open(settings())) {
      assertThatThrownBy(() -> Journal.open(settings()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("in use");
    }
  }

  @Test
  void itsLifecycleIsOpenThenClosingThenClosed() {
    Journal journal = Journal.open(settings());
    assertThat(journal.state()).isEqualTo(Journal.State.OPEN);
    journal.append(bytes("one")).durable().join();
    journal.close();
    assertThat(journal.state()).isEqualTo(Journal.State.CLOSED);
    assertThatThrownBy(() -> journal.append(bytes("two")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is closed");
    journal.close();
    assertThat(journal.state()).isEqualTo(Journal.State.CLOSED);
  }

  @Test
  void aJournalThatCannotWriteFailsEveryLaterAppendAndStillCloses() throws IOException {
    // every entry rolls to a new segment; the second one's file is taken, so writing it fails
    Journal journal = Journal.open(settings().withSegmentBytes(1));
    journal.append(bytes("one")).durable().join();
    Files.createDirectory(dir.resolve("00000000000000000002.log"));
    CompletableFuture<Void> second = journal.append(bytes("two")).durable();
    assertThatThrownBy(second::join).hasCauseInstanceOf(IOException.class);
    assertThat(journal.state()).isEqualTo(Journal.State.FAILED);
    assertThat(journal.failure()).isPresent();
    assertThatThrownBy(() -> journal.append(bytes("three")).durable().join())
        .hasCauseInstanceOf(IOException.class);
    journal.close();
    assertThat(journal.state()).isEqualTo(Journal.State.CLOSED);
  }

  @Test
  void anEntryOverTheLimitIsRefused() {
    try (Journal journal = Journal.open(settings())) {
      assertThatThrownBy(() -> journal.append(new byte[Journal.MAX_PAYLOAD + 1]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("at most");
    }
  }

  @Test
  void segmentFilesAreNamedAfterTheirFirstPosition() throws IOException {
    try (Journal journal = Journal.open(settings().withSegmentBytes(40))) {
      for (int i = 0; i < 3; i++) {
        journal.append(bytes("abcdefghijklmnopqrstuvwxyz")).durable().join();
      }
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".log")))
          .containsExactlyInAnyOrder(
              Journal.segmentName(1), Journal.segmentName(2), Journal.segmentName(3));
    }
  }

  @Test
  void whenPublishedCompletesOnceEveryEntryUpToThePositionIsPublished() {
    try (Journal journal = Journal.open(settings())) {
      List<Journal.Appended> appended = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        appended.add(journal.append(bytes("e" + i)));
      }
      appended.forEach(a -> a.durable().join());
      CompletableFuture<Void> second = journal.whenPublished(2);
      CompletableFuture<Void> third = journal.whenPublished(3);
      journal.published(1, 0);
      assertThat(second).isNotDone();
      journal.published(2, 0);
      assertThat(second).isCompleted();
      assertThat(third).isNotDone();
      assertThat(journal.whenPublished(1)).isCompleted();
      journal.published(3, 0);
      assertThat(third).isCompleted();
    }
  }

  @Test
  void aReaderFollowingTheWriterReadsEveryEntryWhateverItsSize() throws Exception {
    try (Journal journal = Journal.open(settings());
        JournalReader reader = journal.reader(1)) {
      // small entries read as they come refill the reader's buffer often; one is larger than it
      int[] sizes = {10, 3_000, 70_000, 300_000, 5, 200_000, 1};
      int written = 0;
      for (int round = 0; round < 20; round++) {
        List<byte[]> sent = new ArrayList<>();
        for (int size : sizes) {
          byte[] payload = new byte[size + round];
          java.util.Arrays.fill(payload, (byte) (written++ % 127));
          sent.add(payload);
          journal.append(payload).durable().join();
        }
        for (byte[] payload : sent) {
          Optional<Journal.Entry> entry = reader.next(Duration.ofSeconds(5));
          assertThat(entry).isPresent();
          assertThat(entry.get().payload()).isEqualTo(payload);
        }
      }
      assertThat(reader.poll()).isEmpty();
    }
  }
}
