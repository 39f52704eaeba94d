package io.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code switchboard dev-cluster}: a Kafka cluster that serves until the command is stopped. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class DevClusterCommandTest {
  @TempDir Path dir;

  /** The brokers' processes, from the pids the command printed. */
  static List<ProcessHandle> brokers(List<String> lines) {
    return lines.stream()
        .map(Pattern.compile("\\(pid (\\d+),")::matcher)
        .filter(Matcher::find)
        .map(m -> ProcessHandle.of(Long.parseLong(m.group(1))).orElseThrow())
        .toList();
  }

  @Test
  void itServesUntilStoppedThenStopsItsBrokers() throws Exception {
    Path data = dir.resolve("cluster");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = Main.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    AtomicInteger status = new AtomicInteger(-1);
    Thread command =
        new Thread(
            () ->
                status.set(
                    commandLine.execute(
                        "dev-cluster",
                        "--brokers",
                        "2",
                        "--data-dir",
                        data.toString(),
                        "--transaction-version",
                        "1")),
            "dev-cluster");
    command.start();
    List<ProcessHandle> brokers = List.of();
    try {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (!out.toString().contains("Stop with Ctrl-C.")) {
        assertThat(command.isAlive()).as("the command runs; it said: %s", err).isTrue();
        assertThat(System.nanoTime()).as("the cluster is ready in time").isLessThan(deadline);
        Thread.sleep(100);
      }
      List<String> lines = List.of(out.toString().strip().split("\n"));
      assertThat(lines.get(0))
          .matches("Kafka bootstrap: 127\\.0\\.0\\.1:\\d+,127\\.0\\.0\\.1:\\d+");
      assertThat(lines.get(1)).isEqualTo("Data: " + data.toAbsolutePath());
      assertThat(lines.get(2)).startsWith("Broker 0: 127.0.0.1:").contains("pid", "node.log");
      assertThat(lines.get(3)).startsWith("Broker 1: 127.0.0.1:");
      assertThat(lines.get(4)).isEqualTo("Transaction protocol: version 1 (transaction.version)");
      String bootstrap = lines.get(0).substring("Kafka bootstrap: ".length());
      try (Admin admin =
          Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
        assertThat(admin.describeCluster().nodes().get(60, TimeUnit.SECONDS))
            .extracting(Node::id)
            .containsExactlyInAnyOrder(1, 2);
        // Kafka's own default is 2: the option lowered it on the cluster, for every client
        assertThat(
                admin
                    .describeFeatures()
                    .featureMetadata()
                    .get(60, TimeUnit.SECONDS)
                    .finalizedFeatures()
                    .get("transaction.version")
                    .maxVersionLevel())
            .isEqualTo((short) 1);
      }
      brokers = brokers(lines);
      assertThat(brokers).hasSize(2).allMatch(ProcessHandle::isAlive);
      assertThat(ProcessHandle.current().descendants()).containsAll(brokers);
    } finally {
      command.interrupt();
      command.join(TimeUnit.MINUTES.toMillis(2));
    }
    assertThat(command.isAlive()).isFalse();
    assertThat(brokers).noneMatch(ProcessHandle::isAlive);
    assertThat(Files.readString(data.resolve("nodes")).strip()).isEqualTo("2");
  }

  @Test
  void aBadBrokerCountOrDataDirectoryIsExplained() throws Exception {
    Cli none = Cli.run("dev-cluster", "--brokers", "0", "--data-dir", dir.toString());
    assertThat(none.status()).isEqualTo(2);
    assertThat(none.err()).contains("--brokers must be 1 to 9, was 0");

    Cli three = Cli.run("dev-cluster", "--transaction-version", "3", "--data-dir", dir.toString());
    assertThat(three.status()).isEqualTo(2);
    assertThat(three.err()).contains("--transaction-version is 1 or 2, was 3");

    Files.writeString(dir.resolve("something.txt"), "not a cluster");
    Cli taken = Cli.run("dev-cluster", "--data-dir", dir.toString());
    assertThat(taken.status()).isEqualTo(2);
    assertThat(taken.err()).contains("is not empty and holds no local Kafka cluster");
  }
}
