package io.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The embedded broker's retention and the disk's reserve, from the configuration file and the
 * options, reach the broker and the service; bad values are refused saying what to give.
 */
class StorageConfigurationTest {
  @TempDir Path dir;

  private RunCommand run(String... options) {
    RunCommand run = new RunCommand();
    new CommandLine(run).parseArgs(options);
    return run;
  }

  private Path config(String yaml) throws Exception {
    Path file = dir.resolve("switchboard.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void theDefaultsBoundTheBrokerAndKeepAReserve() {
    Service.Storage storage = run().storage(ServiceConfig.empty());
    assertThat(storage).isEqualTo(Service.Storage.DEFAULT);
    assertThat(storage.retentionBytes()).isEqualTo(2L << 30);
    assertThat(storage.retention()).isEqualTo(Duration.ofHours(24));
    assertThat(storage.minFreeBytes()).isEqualTo(512L << 20);
  }

  @Test
  void theFileSetsThemAndTheOptionsWin() throws Exception {
    Path file = config("minFreeDisk: 1g\nkafka:\n  retentionBytes: 64m\n  retentionHours: 2\n");
    assertThat(run("--config", file.toString()).storage(ServiceConfig.read(file)))
        .isEqualTo(new Service.Storage(64L << 20, Duration.ofHours(2), 1L << 30));
    assertThat(
            run(
                    "--config",
                    file.toString(),
                    "--kafka-retention-bytes",
                    "3g",
                    "--min-free-disk",
                    "2g")
                .storage(ServiceConfig.read(file)))
        .isEqualTo(new Service.Storage(3L << 30, Duration.ofHours(2), 2L << 30));
  }

  @Test
  void badValuesAreRefusedSayingWhatToGive() throws Exception {
    assertThat(
            catchThrowableOfType(
                    UserError.class,
                    () -> run("--kafka-retention-hours", "0").storage(ServiceConfig.empty()))
                .getMessage())
        .contains("at least 1 hour");
    Path file = config("kafka:\n  retentionBytes: lots\n");
    assertThat(
            catchThrowableOfType(UserError.class, () -> run().storage(ServiceConfig.read(file)))
                .getMessage())
        .contains("kafka.retentionBytes must be a number of bytes");
    Path typo = config("kafka:\n  retentionByte: 1g\n");
    assertThat(catchThrowableOfType(UserError.class, () -> ServiceConfig.read(typo)).getMessage())
        .contains("did you mean")
        .contains("retentionBytes");
  }

  @Test
  void theEmbeddedBrokerIsStartedWithTheRetention() throws Exception {
    Path file = config("kafka:\n  partitions: 2\n  retentionBytes: 64m\n  retentionHours: 2\n");
    RunCommand run =
        run(
            "--config",
            file.toString(),
            "--data-dir",
            dir.resolve("data").toString(),
            "--kafka-port",
            "0",
            "--http-port",
            "0");
    ServiceConfig config = ServiceConfig.read(file);
    Service.Settings settings = run.settings();
    try (Service service =
        Service.start(
            settings,
            run.journal(config, settings.dataDir()),
            run.storage(config),
            bootstrap -> Optional.empty())) {
      Properties broker = new Properties();
      try (Reader in =
          Files.newBufferedReader(
              dir.resolve("data").resolve("kafka").resolve("server.properties"))) {
        broker.load(in);
      }
      // 64 MiB over two topics of two partitions each
      assertThat(broker.getProperty("log.retention.bytes")).isEqualTo(Long.toString(16L << 20));
      assertThat(broker.getProperty("log.retention.ms")).isEqualTo("7200000");
      assertThat(broker.getProperty("log.segment.bytes")).isEqualTo(Long.toString(4L << 20));
      assertThat(TestHttp.get(service.httpUrl() + "/metrics").body())
          .contains("switchboard_disk_used_bytes{dir=\"kafka\"}");
    }
    // too little for the partitions: refused before anything starts, saying how much is needed
    Path small = config("kafka:\n  partitions: 6\n  retentionBytes: 16m\n");
    RunCommand tooSmall =
        run(
            "--config",
            small.toString(),
            "--data-dir",
            dir.resolve("data2").toString(),
            "--kafka-port",
            "0",
            "--http-port",
            "0");
    ServiceConfig smallConfig = ServiceConfig.read(small);
    UserError error =
        catchThrowableOfType(
            UserError.class,
            () ->
                Service.start(
                        tooSmall.settings(),
                        tooSmall.journal(smallConfig, dir.resolve("data2")),
                        tooSmall.storage(smallConfig),
                        bootstrap -> Optional.empty())
                    .close());
    assertThat(error.getMessage())
        .contains("too small for 12 partitions: give it at least 48 MiB")
        .contains("--kafka-retention-bytes");
  }
}
