package io.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.kafka.testing.SharedKafka;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands' help, what they say when they are given something wrong, and a port that is taken.
 */
class CommandLineTest {
  @TempDir Path dir;

  @Test
  void everyCommandHasHelp() {
    for (String command : new String[] {"run", "scenario", "tail", "dev-cluster"}) {
      Cli cli = Cli.run(command, "--help");
      assertThat(cli.status()).isZero();
      assertThat(cli.out()).contains("Usage: switchboard " + command);
    }
    assertThat(Cli.run("--help").out()).contains("run", "scenario", "tail");
  }

  @Test
  void noCommandSaysWhatToType() {
    Cli cli = Cli.run();
    assertThat(cli.status()).isEqualTo(2);
    assertThat(cli.err()).contains("missing command").contains("switchboard run");
  }

  @Test
  void aMistypedOptionIsNamed() {
    Cli cli = Cli.run("run", "--http-prot", "8080");
    assertThat(cli.status()).isEqualTo(2);
    assertThat(cli.err()).contains("--http-prot").contains("--http-port");
  }

  @Test
  void aMissingScenarioFileIsStatus2() {
    Cli cli =
        Cli.run(
            "scenario",
            dir.resolve("nope.yaml").toString(),
            "--kafka",
            SharedKafka.bootstrapServers());
    assertThat(cli.status()).isEqualTo(2);
    assertThat(cli.err()).contains("no scenario file");
  }

  @Test
  void aMalformedScenarioIsStatus2AndSaysWhy() throws IOException {
    Path file = Files.writeString(dir.resolve("bad.yaml"), "name: x\nsteps: []\n");
    Cli cli = Cli.run("scenario", file.toString(), "--kafka", SharedKafka.bootstrapServers());
    assertThat(cli.status()).isEqualTo(2);
    assertThat(cli.err()).contains("tenant");
  }

  @Test
  void aStepThatFailsIsStatus1AndNamesTheStep() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("fails.yaml"),
            """
            name: answering a call that does not exist
            tenant: acme
            directory:
              - {dn: "5001", type: Extension}
            steps:
              - RequestSetDNDOn: {ThisDN: "5001"}
              - RequestAnswerCall: {ThisDN: "5001", ConnID: "00000000000000ff"}
            """);
    Cli cli = Cli.run("scenario", file.toString(), "--kafka", SharedKafka.bootstrapServers());
    assertThat(cli.status()).isEqualTo(1);
    assertThat(cli.err())
        .contains("step 2")
        .contains("RequestAnswerCall")
        .contains("no call 00000000000000ff");
    assertThat(cli.lines()).hasSize(1).allMatch(line -> line.contains("EventDNDOn"));
  }

  @Test
  void aBadDirectoryFileSaysWhatIsWrong() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("dir.yaml"),
            "- tenant: acme\n  directory:\n    - {dn: \"5001\", type: Phone}\n");
    Cli cli =
        Cli.run(
            "run",
            "--directory",
            file.toString(),
            "--kafka",
            SharedKafka.bootstrapServers(),
            "--http-port",
            "0");
    assertThat(cli.status()).isEqualTo(2);
    assertThat(cli.err()).contains("unknown type 'Phone'").contains("Extension");
  }

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
      } else if (commands && line.isBlank()) {
        // the footer follows
        break;
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
