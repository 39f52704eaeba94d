package io.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Every option can be set from a SWITCHBOARD_ variable; the shell completion script is served. */
class EnvironmentAndCompletionTest {

  private static CommandLine parse(Map<String, String> environment, String... args) {
    CommandLine commandLine = Main.commandLine(environment::get);
    commandLine.parseArgs(args);
    return commandLine;
  }

  private static RunCommand run(CommandLine root) {
    return (RunCommand) root.getSubcommands().get("run").getCommand();
  }

  @Test
  void anOptionTakesItsValueFromTheEnvironment() {
    Map<String, String> environment =
        Map.of(
            "SWITCHBOARD_HTTP_PORT", "18083",
            "SWITCHBOARD_KAFKA_PORT", "19103",
            "SWITCHBOARD_JOURNAL_MAX_BYTES", "4g",
            "SWITCHBOARD_DATA_DIR", "/var/lib/switchboard");
    RunCommand run = run(parse(environment, "run"));

    assertThat(run.settings().http().address().getPort()).isEqualTo(18083);
    assertThat(run.settings().kafkaPort()).isEqualTo(19103);
    assertThat(run.settings().dataDir()).hasToString("/var/lib/switchboard");
    assertThat(run.journal(ServiceConfig.empty(), run.settings().dataDir()).maxBytes())
        .isEqualTo(4L << 30);
  }

  @Test
  void theCommandLineWinsOverTheEnvironment() {
    RunCommand run =
        run(parse(Map.of("SWITCHBOARD_HTTP_PORT", "18083"), "run", "--http-port", "18084"));
    assertThat(run.settings().http().address().getPort()).isEqualTo(18084);
  }

  @Test
  void withoutTheVariableTheDefaultHolds() {
    RunCommand run = run(parse(Map.of(), "run"));
    assertThat(run.settings().http().address().getPort()).isEqualTo(8080);
  }

  @Test
  void everyOptionOfEveryCommandHasItsOwnVariable() {
    CommandLine root = Main.commandLine(name -> null);
    Map<String, CommandLine> commands = new HashMap<>(root.getSubcommands());
    commands.put("switchboard", root);
    commands.forEach(
        (name, command) -> {
          Set<String> variables = new HashSet<>();
          for (OptionSpec option : command.getCommandSpec().options()) {
            String variable = EnvironmentDefaults.variable(option);
            assertThat(variable).matches("SWITCHBOARD_[A-Z0-9_]+");
            assertThat(variables.add(variable)).as("%s: %s", name, variable).isTrue();
          }
        });
  }

  @Test
  void aBadValueFromTheEnvironmentIsAClearError() {
    StringWriter err = new StringWriter();
    CommandLine commandLine = Main.commandLine(Map.of("SWITCHBOARD_HTTP_PORT", "eighty")::get);
    commandLine.setErr(new PrintWriter(err, true));
    int status = commandLine.execute("run");
    assertThat(status).isNotZero();
    assertThat(err.toString()).contains("--http-port").contains("eighty");
  }

  @Test
  void generatesTheShellCompletionScript() {
    Cli completion = Cli.run("generate-completion");
    assertThat(completion.status()).as(completion.err()).isZero();
    assertThat(completion.out()).contains("complete -F").contains("switchboard").contains("run");
    assertThat(completion.out()).contains("--http-port");
  }
}
