package io.switchboard.server;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One figure that {@code GET /metrics} serves, in the Prometheus text exposition format.
 *
 * @param name the metric's name, e.g. {@code switchboard_journal_lag_entries}; a counter's ends in
 *     {@code _total}
 * @param type a counter (only grows while the service runs) or a gauge
 * @param help what it measures, one line
 * @param labels the sample's labels (e.g. {@code tenant}), none for most
 * @param value the value now
 */
public record Metric(
    String name, Type type, String help, Map<String, String> labels, double value) {

  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  /** The kinds of metric the service has. */
  public enum Type {
    counter,
    gauge
  }

  public Metric {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(help, "help");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("'" + name + "' is not a valid metric name");
    }
    for (String label : labels.keySet()) {
      if (!LABEL.matcher(label).matches() || label.startsWith("__")) {
        throw new IllegalArgumentException(
            "metric " + name + ": '" + label + "' is not a valid label name");
      }
    }
    labels = Map.copyOf(labels);
  }

  /** A gauge without labels. */
  public static Metric gauge(String name, String help, double value) {
    return new Metric(name, Type.gauge, help, Map.of(), value);
  }

  /** A counter without labels. */
  public static Metric counter(String name, String help, double value) {
    return new Metric(name, Type.counter, help, Map.of(), value);
  }
}
