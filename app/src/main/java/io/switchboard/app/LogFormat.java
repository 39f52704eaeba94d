package io.switchboard.app;

import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * How the logs are written to standard error: {@code text}, one dated line per event, or {@code
 * json}, one JSON object per line with the MDC. Chosen with {@code --log-format} or {@code
 * SWITCHBOARD_LOG_FORMAT}; {@code logback.xml} picks its appender by the name.
 */
enum LogFormat {
  text,
  json;

  /** The variable (environment, or system property for logback) that names the format. */
  static final String VARIABLE = EnvironmentDefaults.PREFIX + "LOG_FORMAT";

  static final String OPTION = "--log-format";

  /**
   * The format that {@code args} (the option, anywhere on the command line) or else {@code
   * environment} ask for, before logging starts: logback reads it when the first logger is made.
   *
   * @throws UserError if the format named is not one of them
   */
  static LogFormat chosen(String[] args, UnaryOperator<String> environment) {
    String value = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals(OPTION) && i + 1 < args.length) {
        value = args[i + 1];
      } else if (args[i].startsWith(OPTION + "=")) {
        value = args[i].substring(OPTION.length() + 1);
      }
    }
    String source = OPTION;
    if (value == null) {
      value = environment.apply(VARIABLE);
      source = VARIABLE;
    }
    if (value == null || value.isEmpty()) {
      return text;
    }
    Optional<LogFormat> format = parse(value);
    if (format.isEmpty()) {
      throw new UserError(source + " is text or json, was '" + value + "'");
    }
    return format.get();
  }

  private static Optional<LogFormat> parse(String value) {
    for (LogFormat format : values()) {
      if (format.name().equals(value.toLowerCase(Locale.ROOT))) {
        return Optional.of(format);
      }
    }
    return Optional.empty();
  }
}
