package io.switchboard.app;

import io.switchboard.harness.HarnessFailure;
import picocli.CommandLine;

/** The only {@code main}: wires the command line and exits with the command's status. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    LogFormat format;
    try {
      format = LogFormat.chosen(args, System::getenv);
    } catch (UserError e) {
      System.err.println("switchboard: " + e.getMessage());
      System.exit(2);
      return;
    }
    // before the first logger: logback picks its appender by this name
    System.setProperty(LogFormat.VARIABLE, format.name());
    System.exit(commandLine().execute(args));
  }

  /** The command line with every subcommand, for {@code main} and for tests. */
  public static CommandLine commandLine() {
    return commandLine(System::getenv);
  }

  /**
   * The command line with every subcommand, its options' defaults read from {@code environment}
   * ({@link EnvironmentDefaults}).
   */
  static CommandLine commandLine(java.util.function.UnaryOperator<String> environment) {
    return new CommandLine(new SwitchboardCommand())
        .setDefaultValueProvider(new EnvironmentDefaults(environment))
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(
            (exception, commandLine, parseResult) -> {
              commandLine.getErr().println("switchboard: " + exception.getMessage());
              return exception instanceof UserError || exception instanceof HarnessFailure ? 2 : 1;
            });
  }
}
