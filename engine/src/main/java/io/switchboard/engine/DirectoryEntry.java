package io.switchboard.engine;

import io.switchboard.model.DNType;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * One DN of a tenant's directory, as a scenario file writes it: {@code {dn: "5001", type:
 * Extension}}, with the options its type takes, e.g. {@code {dn: "7001", type: ACDQueue,
 * noAnswerTimeout: 10, wrapUpTime: 30}}.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>option</th><th>types</th><th>meaning</th></tr>
 *   <tr><td>{@code noAnswerTimeout}</td><td>Extension, ACDQueue</td><td>seconds an ACD call may
 *       ring at an agent before the agent is made NotReady and the call goes back to its queue
 *       (on a queue: for every agent it rings; on an Extension: for that agent)</td></tr>
 *   <tr><td>{@code wrapUpTime}</td><td>Extension, ACDQueue</td><td>seconds of after-call work
 *       after which a ManualIn agent is made Ready again</td></tr>
 *   <tr><td>{@code overflow}</td><td>ACDQueue</td><td>queues (comma-separated) where a call that
 *       finds no agent is queued as well</td></tr>
 *   <tr><td>{@code overflowTimeout}</td><td>ACDQueue</td><td>seconds before that happens (0:
 *       at once)</td></tr>
 *   <tr><td>{@code defaultDestination}</td><td>RoutingPoint</td><td>where a call goes when no
 *       route comes in time</td></tr>
 *   <tr><td>{@code routeTimeout}</td><td>RoutingPoint</td><td>seconds to wait for a route
 *       before default routing</td></tr>
 *   <tr><td>{@code queue}</td><td>VoiceTreatmentPort</td><td>the ACD queue this IVR port
 *       takes calls from</td></tr>
 * </table>
 *
 * @param dn the directory number
 * @param type what the DN is
 * @param options the options, by name, as text; kept in name order, so that the same entry is
 *     always written the same (a snapshot's bytes do not depend on the order they were given in)
 */
public record DirectoryEntry(String dn, DNType type, Map<String, String> options) {

  private static final Map<String, Set<DNType>> OPTIONS =
      Map.of(
          "noAnswerTimeout", Set.of(DNType.Extension, DNType.ACDQueue),
          "wrapUpTime", Set.of(DNType.Extension, DNType.ACDQueue),
          "overflow", Set.of(DNType.ACDQueue),
          "overflowTimeout", Set.of(DNType.ACDQueue),
          "defaultDestination", Set.of(DNType.RoutingPoint),
          "routeTimeout", Set.of(DNType.RoutingPoint),
          "queue", Set.of(DNType.VoiceTreatmentPort));

  private static final Set<String> DURATIONS =
      Set.of("noAnswerTimeout", "wrapUpTime", "overflowTimeout", "routeTimeout");

  /**
   * @throws IllegalArgumentException naming the DN and the option that is not valid for its type or
   *     whose value is not a number of seconds
   */
  public DirectoryEntry {
    Objects.requireNonNull(dn, "dn");
    Objects.requireNonNull(type, "type");
    if (dn.isBlank()) {
      throw new IllegalArgumentException("a directory entry needs a non-blank dn");
    }
    options = Collections.unmodifiableSortedMap(new TreeMap<>(Map.copyOf(options)));
    for (Map.Entry<String, String> option : options.entrySet()) {
      Set<DNType> types = OPTIONS.get(option.getKey());
      if (types == null || !types.contains(type)) {
        throw new IllegalArgumentException(
            "DN "
                + dn
                + " ("
                + type
                + ") has an unknown option '"
                + option.getKey()
                + "'; the options of a "
                + type
                + " are "
                + OPTIONS.entrySet().stream()
                    .filter(e -> e.getValue().contains(type))
                    .map(Map.Entry::getKey)
                    .sorted()
                    .toList());
      }
      if (DURATIONS.contains(option.getKey())) {
        seconds(dn, option.getKey(), option.getValue());
      } else if (option.getValue().isBlank()) {
        throw new IllegalArgumentException(
            "DN " + dn + ": option " + option.getKey() + " must not be blank");
      }
    }
  }

  /** An entry without options. */
  public DirectoryEntry(String dn, DNType type) {
    this(dn, type, Map.of());
  }

  /** The duration option {@code name}, when set. */
  public Optional<Duration> duration(String name) {
    return Optional.ofNullable(options.get(name)).map(value -> seconds(dn, name, value));
  }

  /** The text option {@code name}, when set. */
  public Optional<String> text(String name) {
    return Optional.ofNullable(options.get(name));
  }

  /** The list option {@code name} (comma-separated), empty when not set. */
  public List<String> list(String name) {
    return text(name)
        .map(v -> Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList())
        .orElse(List.of());
  }

  private static Duration seconds(String dn, String name, String value) {
    try {
      BigDecimal seconds = new BigDecimal(value.strip());
      if (seconds.signum() < 0) {
        throw new NumberFormatException();
      }
      return Duration.ofMillis(seconds.movePointRight(3).longValueExact());
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "DN "
              + dn
              + ": option "
              + name
              + " must be a number of seconds (0 or more), was '"
              + value
              + "'");
    }
  }
}
