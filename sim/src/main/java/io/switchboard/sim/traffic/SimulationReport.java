package io.switchboard.sim.traffic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.json.Json;
import java.util.List;
import java.util.Locale;

/**
 * What a simulation run measured. Times are seconds of virtual time, except {@code wallSeconds} and
 * the rates per second, which are of real time.
 *
 * @param offered calls that arrived
 * @param answered calls an agent answered
 * @param abandoned calls whose caller hung up before an agent answered
 * @param asaSeconds average speed of answer: the mean time answered calls spent between reaching
 *     their queue and being answered (ringing included)
 * @param pWait the share of answered calls that waited at all: that no agent took (began to ring
 *     for) at the instant they reached the queue
 * @param serviceLevel the share of offered calls answered within {@code serviceLevelSeconds}
 * @param serviceLevelSeconds the service-level threshold
 * @param handleTimeSeconds the mean time an agent was connected to a call (talk and hold)
 * @param afterCallWorkSeconds the mean after-call work that followed a call
 * @param occupancy the share of the agents' time, from the first arrival to the last, that they
 *     spent ringing, talking, holding or in after-call work
 * @param holds calls put on hold
 * @param transfers calls transferred to another queue
 * @param conferences supervisors conferenced in
 * @param rejected requests the engine rejected (0 when the simulator and the engine agree)
 * @param steps requests and stimuli the simulator sent
 * @param events events published (those with a Kafka topic)
 * @param virtualSeconds how long the run lasted in virtual time
 * @param wallSeconds how long it took
 * @param eventsPerSecond published events per second of real time
 * @param callsPerSecond calls completed per second of real time
 * @param firstRejections the first few rejections, for diagnosis
 */
public record SimulationReport(
    long offered,
    long answered,
    long abandoned,
    double asaSeconds,
    double pWait,
    double serviceLevel,
    double serviceLevelSeconds,
    double handleTimeSeconds,
    double afterCallWorkSeconds,
    double occupancy,
    long holds,
    long transfers,
    long conferences,
    long rejected,
    long steps,
    long events,
    double virtualSeconds,
    double wallSeconds,
    double eventsPerSecond,
    double callsPerSecond,
    List<String> firstRejections) {

  public SimulationReport {
    firstRejections = List.copyOf(firstRejections);
  }

  /**
   * The report as one JSON object with snake_case keys: {@code offered}, {@code answered}, {@code
   * abandoned}, {@code asa_seconds}, {@code p_wait}, {@code service_level}, {@code occupancy},
   * {@code events}, {@code events_per_second} and the rest. The keys are a contract (scripts read
   * them): add, never rename.
   */
  public ObjectNode toJson() {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("offered", offered);
    o.put("answered", answered);
    o.put("abandoned", abandoned);
    o.put("asa_seconds", asaSeconds);
    o.put("p_wait", pWait);
    o.put("service_level", serviceLevel);
    o.put("service_level_seconds", serviceLevelSeconds);
    o.put("handle_time_seconds", handleTimeSeconds);
    o.put("after_call_work_seconds", afterCallWorkSeconds);
    o.put("occupancy", occupancy);
    o.put("holds", holds);
    o.put("transfers", transfers);
    o.put("conferences", conferences);
    o.put("rejected", rejected);
    o.put("steps", steps);
    o.put("events", events);
    o.put("virtual_seconds", virtualSeconds);
    o.put("wall_seconds", wallSeconds);
    o.put("events_per_second", eventsPerSecond);
    o.put("calls_per_second", callsPerSecond);
    return o;
  }

  /** The report for a person: one figure per line. */
  public String toText() {
    StringBuilder s = new StringBuilder();
    line(s, "calls offered", "%,d", offered);
    line(s, "answered", "%,d (%.1f%%)", answered, percent(answered, offered));
    line(s, "abandoned", "%,d (%.1f%%)", abandoned, percent(abandoned, offered));
    line(s, "average speed of answer", "%.1f s", asaSeconds);
    line(s, "answered after waiting", "%.1f%%", pWait * 100);
    line(
        s,
        "service level",
        "%.1f%% answered within %s s",
        serviceLevel * 100,
        trim(serviceLevelSeconds));
    line(s, "handle time", "%.1f s (talk and hold)", handleTimeSeconds);
    line(s, "after-call work", "%.1f s", afterCallWorkSeconds);
    line(s, "agent occupancy", "%.1f%%", occupancy * 100);
    line(s, "holds / transfers / conferences", "%,d / %,d / %,d", holds, transfers, conferences);
    line(s, "virtual time", "%s", clock(virtualSeconds));
    line(s, "steps / events", "%,d / %,d", steps, events);
    line(
        s,
        "real time",
        "%.2f s: %,.0f events/s, %,.0f calls/s",
        wallSeconds,
        eventsPerSecond,
        callsPerSecond);
    if (rejected > 0) {
      line(s, "rejected requests", "%,d, first: %s", rejected, firstRejections);
    }
    return s.toString();
  }

  private static void line(StringBuilder s, String label, String format, Object... args) {
    s.append(String.format(Locale.ROOT, "%-32s ", label + ":"))
        .append(String.format(Locale.ROOT, format, args))
        .append('\n');
  }

  private static double percent(long part, long whole) {
    return whole == 0 ? 0 : 100.0 * part / whole;
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  /** {@code 3d 04:05:06} or {@code 04:05:06}. */
  static String clock(double seconds) {
    long s = (long) seconds;
    long days = s / 86_400;
    String hms =
        String.format(Locale.ROOT, "%02d:%02d:%02d", (s / 3600) % 24, (s / 60) % 60, s % 60);
    return days > 0 ? days + "d " + hms : hms;
  }
}
