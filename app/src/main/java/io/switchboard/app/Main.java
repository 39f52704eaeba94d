package io.switchboard.app;

import picocli.CommandLine;

/** The only {@code main}: wires the command line and exits with the command's status. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with every subcommand, for {@code main} and for tests. */
  public static CommandLine commandLine() {
    return new CommandLine(new SwitchboardCommand())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(
            (exception, commandLine, parseResult) -> {
              commandLine.getErr().println("switchboard: " + exception.getMessage());
              return exception instanceof UserError ? 2 : 1;
            });
  }
}
