package io.switchboard.app;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
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
      ScenarioCommand.class,
      TailCommand.class,
      SimulateCommand.class,
      VerifyCommand.class,
      ChaosCommand.class,
      BenchCommand.class,
      WallboardCommand.class,
      WallboardBenchCommand.class
    })
final class SwitchboardCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(),
        "missing command: try 'switchboard run', 'switchboard scenario FILE' or 'switchboard --help'");
  }
}
