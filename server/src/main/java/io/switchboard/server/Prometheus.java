package io.switchboard.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Metrics in the Prometheus text exposition format, version 0.0.4: for each metric name a {@code #
 * HELP} and a {@code # TYPE} line, then its samples, {@code name{label="value"} value}.
 */
final class Prometheus {
  /** The Content-Type of the format. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private Prometheus() {}

  /**
   * The text of {@code metrics}: samples of one name together, in the order their names first come.
   *
   * @throws IllegalArgumentException if one name is given two types
   */
  static String format(List<Metric> metrics) {
    Map<String, List<Metric>> byName = new LinkedHashMap<>();
    for (Metric metric : metrics) {
      List<Metric> samples =
          byName.computeIfAbsent(metric.name(), n -> new java.util.ArrayList<>());
      if (!samples.isEmpty() && samples.get(0).type() != metric.type()) {
        throw new IllegalArgumentException(
            "metric "
                + metric.name()
                + " is given as a "
                + samples.get(0).type()
                + " and a "
                + metric.type());
      }
      samples.add(metric);
    }
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, List<Metric>> entry : byName.entrySet()) {
      Metric first = entry.getValue().get(0);
      text.append("# HELP ").append(entry.getKey()).append(' ').append(help(first.help()));
      text.append('\n');
      text.append("# TYPE ").append(entry.getKey()).append(' ').append(first.type().name());
      text.append('\n');
      for (Metric sample : entry.getValue()) {
        text.append(entry.getKey());
        if (!sample.labels().isEmpty()) {
          text.append('{');
          boolean firstLabel = true;
          for (Map.Entry<String, String> label : new TreeMap<>(sample.labels()).entrySet()) {
            if (!firstLabel) {
              text.append(',');
            }
            firstLabel = false;
            text.append(label.getKey()).append("=\"").append(labelValue(label.getValue()));
            text.append('"');
          }
          text.append('}');
        }
        text.append(' ').append(value(sample.value())).append('\n');
      }
    }
    return text.toString();
  }

  /** A HELP text: backslash and line feed escaped. */
  private static String help(String help) {
    return help.replace("\\", "\\\\").replace("\n", "\\n");
  }

  /** A label value: backslash, double quote and line feed escaped. */
  private static String labelValue(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  /** A value as Prometheus reads it: integers without a fraction, NaN, +Inf and -Inf. */
  static String value(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    if (value == Math.rint(value) && Math.abs(value) < 0x1p53) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }
}
