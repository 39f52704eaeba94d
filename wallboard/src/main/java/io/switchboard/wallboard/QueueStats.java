package io.switchboard.wallboard;

import java.util.LinkedHashMap;
import java.util.Map;

/** What the statistics keep of one queue (or routing point) of one tenant. */
final class QueueStats {
  static final String QUEUE = "Queue";
  static final String ROUTING_POINT = "RoutingPoint";

  String tenant;
  String queue;

  /** Queue, or RoutingPoint once an EventRouteRequest came from the DN. */
  String kind = QUEUE;

  /** The calls waiting now: call thread to the instant it entered (microseconds). */
  Map<String, Long> waiting = new LinkedHashMap<>();

  Figures interval;
  Figures today;
  long lastMicros;

  QueueStats() {}

  QueueStats(String tenant, String queue) {
    this.tenant = tenant;
    this.queue = queue;
  }

  /** The entry time of the call that has waited longest, or -1 when none waits. */
  long oldestWaitingMicros() {
    long oldest = -1;
    for (long entered : waiting.values()) {
      if (oldest < 0 || entered < oldest) {
        oldest = entered;
      }
    }
    return oldest;
  }
}
