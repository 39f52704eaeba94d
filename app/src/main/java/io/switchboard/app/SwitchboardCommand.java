package io.switchboard.app;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code switchboard}: the parent of every command. */
@Command(
    name = "switchboard",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Contact-center voice event streaming: the Genesys Voice Microservices events and models,",
      "published to Apache Kafka."
    },
    subcommands = {
      RunCommand.class,
      HealthCommand.class,
      ScenarioCommand.class,
      TailCommand.class,
      SimulateCommand.class,
      VerifyCommand.class,
      ChaosCommand.class,
      BenchCommand.class,
      DevClusterCommand.class,
      WallboardCommand.class,
      WallboardBenchCommand.class,
      picocli.AutoComplete.GenerateCompletion.class
    },
    footer = {
      "",
      "Every option can also be set from the environment: --http-port from SWITCHBOARD_HTTP_PORT,",
      "--kafka from SWITCHBOARD_KAFKA, and so on. Shell completion (bash, zsh):",
      "  source <(switchboard generate-completion)"
    })
final class SwitchboardCommand implements Runnable {
  @Spec CommandSpec spec;

  // read by Main before logging starts (LogFormat.chosen); declared here for help and parsing
  @Option(
      names = LogFormat.OPTION,
      paramLabel = "FORMAT",
      scope = ScopeType.INHERIT,
      description =
          "How logs are written to standard error: text (dated lines) or json (one object per line).")
  LogFormat logFormat;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(),
        "missing command: try 'switchboard run', 'switchboard scenario FILE' or 'switchboard --help'");
  }
}
