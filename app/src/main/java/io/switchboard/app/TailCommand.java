package io.switchboard.app;

import io.switchboard.kafka.RecordReader;
import io.switchboard.kafka.TopicNames;
import io.switchboard.verify.KafkaUnreachableException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard tail}: prints the records of the Switchboard topics as they arrive, one JSON
 * object per line (the same shape as {@code switchboard scenario}).
 */
@Command(
    name = "tail",
    mixinStandardHelpOptions = true,
    description = "Prints Switchboard's Kafka records as they arrive, one JSON object per line.")
final class TailCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--kafka",
      paramLabel = "BOOTSTRAP",
      defaultValue = "127.0.0.1:9092",
      description =
          "The Kafka cluster to read (default: ${DEFAULT-VALUE}, the embedded broker of 'switchboard run').")
  String bootstrap;

  @Option(
      names = "--topic",
      paramLabel = "TOPIC",
      description = "A topic to read; repeatable (default: voice-agentstate and voice-callthread).")
  List<String> topics;

  @Option(
      names = "--from-beginning",
      description = "Start from the oldest record instead of the newest.")
  boolean fromBeginning;

  @Option(names = "--max-records", paramLabel = "N", description = "Stop after exactly N records.")
  Long maxRecords;

  @Option(
      names = "--idle-timeout",
      paramLabel = "SECONDS",
      description =
          "Stop when no record has arrived for this long; also how long Kafka has to answer"
              + " first (default: wait for records without end; Kafka has 15 s to answer).")
  Double idleTimeout;

  @Override
  public Integer call() {
    List<String> names = topics == null || topics.isEmpty() ? TopicNames.defaults().all() : topics;
    if (maxRecords != null && maxRecords < 1) {
      throw new UserError("--max-records must be at least 1, was " + maxRecords);
    }
    if (idleTimeout != null && !(idleTimeout > 0)) {
      throw new UserError("--idle-timeout must be a number of seconds above 0, was " + idleTimeout);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    AtomicLong printed = new AtomicLong();
    AtomicLong lastRecord = new AtomicLong(System.nanoTime());
    Duration reach =
        idleTimeout == null
            ? RecordReader.REACH_TIMEOUT
            : Duration.ofMillis((long) (idleTimeout * 1000));
    long idle = idleTimeout == null ? Long.MAX_VALUE : reach.toNanos();
    try {
      RecordReader.tail(
          new RecordReader.Tail(
              bootstrap,
              Map.of(),
              names,
              fromBeginning,
              reach,
              notice -> {
                err.println(notice);
                err.flush();
              }),
          record -> {
            out.println(RecordLines.line(record));
            out.flush();
            printed.incrementAndGet();
            lastRecord.set(System.nanoTime());
          },
          () ->
              (maxRecords != null && printed.get() >= maxRecords)
                  || System.nanoTime() - lastRecord.get() > idle);
    } catch (KafkaUnreachableException e) {
      throw new UserError(e.getMessage(), e);
    }
    return 0;
  }
}
