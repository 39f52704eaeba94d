package io.switchboard.sim.traffic;

import io.switchboard.model.Attribute;
import io.switchboard.model.ConnId;
import io.switchboard.model.Event;
import io.switchboard.model.KVList;
import io.switchboard.model.Timestamp;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reference of the encoding benchmarks: an event as plain maps, strings and numbers, which
 * Jackson databind alone writes byte for byte as {@link io.switchboard.json.EventJson} does. Timing
 * Jackson on these measures Jackson with nothing of ours.
 */
public final class PlainJson {

  private PlainJson() {}

  /** The event as ordered maps of strings, numbers and maps, in wire order. */
  public static Map<String, Object> of(Event event) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("id", event.name());
    for (Map.Entry<Attribute, Object> entry : event.attributes().entrySet()) {
      map.put(entry.getKey().name(), value(entry.getValue()));
    }
    return map;
  }

  private static Object value(Object value) {
    if (value instanceof Enum<?> e) {
      return e.name();
    }
    if (value instanceof ConnId id) {
      return id.toString();
    }
    if (value instanceof Timestamp t) {
      Map<String, Object> time = new LinkedHashMap<>();
      time.put("seconds", t.seconds());
      time.put("useconds", t.useconds());
      return time;
    }
    if (value instanceof KVList kv) {
      Map<String, Object> map = new LinkedHashMap<>();
      kv.asMap().forEach((k, v) -> map.put(k, value(v)));
      return map;
    }
    return value;
  }
}
