package io.switchboard.kafka.testing;

import io.switchboard.kafka.ConsumedRecord;
import io.switchboard.kafka.RecordReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Tails topics in tests, always with a deadline: a test that waits for records cannot hang. */
public final class KafkaTail {
  /** Long enough for a loaded machine; only a broken path makes a test wait this long. */
  public static final Duration PATIENCE = Duration.ofSeconds(60);

  private KafkaTail() {}

  /**
   * Reads {@code topics} from their beginning until {@code count} records came.
   *
   * @return the records read, at least {@code count} of them (a poll may bring more)
   * @throws AssertionError if fewer came within {@link #PATIENCE}; the message lists those that did
   */
  public static List<ConsumedRecord> fromBeginning(
      String bootstrapServers, List<String> topics, int count) {
    List<ConsumedRecord> records = new ArrayList<>();
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    RecordReader.tail(
        bootstrapServers,
        topics,
        true,
        records::add,
        () -> records.size() >= count || System.nanoTime() - deadline > 0);
    if (records.size() < count) {
      throw new AssertionError(
          "only "
              + records.size()
              + " of "
              + count
              + " records reached "
              + topics
              + " within "
              + PATIENCE.toSeconds()
              + " s: "
              + records);
    }
    return records;
  }
}
