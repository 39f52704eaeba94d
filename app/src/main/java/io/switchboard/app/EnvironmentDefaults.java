package io.switchboard.app;

import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every option can be set from the environment: {@code --http-port} from {@code
 * SWITCHBOARD_HTTP_PORT}, {@code --kafka} from {@code SWITCHBOARD_KAFKA}, and so on for every
 * command that has the option (the option's longest name, upper case, {@code -} as {@code _}, after
 * {@value #PREFIX}). An option given on the command line wins over the environment, which wins over
 * the configuration file and the built-in default.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {

  /** The prefix of every variable. */
  static final String PREFIX = "SWITCHBOARD_";

  private final UnaryOperator<String> environment;

  /** Defaults from {@code environment} (a variable's value, or null when it is not set). */
  EnvironmentDefaults(UnaryOperator<String> environment) {
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  /** The variable that sets {@code option}, e.g. {@code SWITCHBOARD_HTTP_PORT}. */
  static String variable(OptionSpec option) {
    String name = option.longestName().replaceFirst("^-+", "");
    return PREFIX + name.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  @Override
  public String defaultValue(ArgSpec argument) {
    if (!(argument instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) {
      return null;
    }
    String value = environment.apply(variable(option));
    return value == null || value.isEmpty() ? null : value;
  }
}
