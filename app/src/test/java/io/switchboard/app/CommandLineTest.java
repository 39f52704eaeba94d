package io.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user sees of the command line: help texts, and a port that is taken. */
class CommandLineTest {
  @TempDir Path dir;

  @Test
  void aTakenHttpPortIsOneLineNamingThePortAndTheOption() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      Cli cli =
          Cli.run(
              "run",
              "--http-port",
              Integer.toString(port),
              "--kafka-port",
              "0",
              "--data-dir",
              dir.toString());
      assertThat(cli.status()).isEqualTo(2);
      assertThat(cli.err().strip().lines())
          .singleElement()
          .asString()
          .contains("the HTTP port 127.0.0.1:" + port + " is in use")
          .contains("--http-port");
    }
  }

  @Test
  void aTakenKafkaPortIsOneLineNamingThePortAndTheOption() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      Cli cli =
          Cli.run(
              "run",
              "--kafka-port",
              Integer.toString(port),
              "--http-port",
              "0",
              "--data-dir",
              dir.toString());
      assertThat(cli.status()).isEqualTo(2);
      assertThat(cli.err().strip().lines())
          .singleElement()
          .asString()
          .contains("the Kafka port 127.0.0.1:" + port + " is in use")
          .contains("--kafka-port");
    }
  }

  @Test
  void everyCommandSummaryIsAWholeSentence() {
    Cli help = Cli.run("--help");
    assertThat(help.status()).isZero();
    List<String> summaries = new ArrayList<>();
    boolean commands = false;
    for (String line : help.out().lines().toList()) {
      if (line.startsWith("Commands:")) {
        commands = true;
      } else if (commands && line.matches("^  \\S.*")) {
        summaries.add(line.strip());
      } else if (commands && line.matches("^\\s{3,}\\S.*") && !summaries.isEmpty()) {
        // a summary wrapped onto the next line
        int last = summaries.size() - 1;
        summaries.set(last, summaries.get(last) + " " + line.strip());
      }
    }
    assertThat(summaries).hasSizeGreaterThanOrEqualTo(7);
    assertThat(summaries).allSatisfy(summary -> assertThat(summary).endsWith("."));
  }

  @Test
  void helpShowsTrueDefaults() {
    for (String command : new String[] {"run", "scenario", "tail", "verify"}) {
      Cli help = Cli.run(command, "--help");
      assertThat(help.out()).as(command).doesNotContain("default: null");
    }
    assertThat(Cli.run("run", "--help").out()).contains("default: 9092 for run");
  }
}
