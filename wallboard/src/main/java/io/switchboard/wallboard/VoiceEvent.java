package io.switchboard.wallboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The attributes of a published Genesys event that the statistics use, read from a record value
 * (the event as JSON, {@code docs/wire-format.md}). Absent attributes are {@code null}.
 *
 * @param id the event name, {@code EventRinging}
 * @param timeMicros the event's {@code time}, in microseconds since the epoch
 * @param thisDn {@code ThisDN}
 * @param thisDnRole {@code ThisDNRole}
 * @param thisQueue {@code ThisQueue}
 * @param agentId {@code AgentID}
 * @param workMode {@code AgentWorkMode}
 * @param reasons {@code Reasons}
 * @param connId {@code ConnID}
 * @param callThread {@code CallThreadID}
 * @param otherDn {@code OtherDN}
 * @param thirdPartyDn {@code ThirdPartyDN}
 * @param callType {@code CallType}
 * @param ani {@code ANI}
 * @param dnis {@code DNIS}
 * @param userData {@code UserData}
 */
record VoiceEvent(
    String id,
    long timeMicros,
    String thisDn,
    String thisDnRole,
    String thisQueue,
    String agentId,
    String workMode,
    JsonNode reasons,
    String connId,
    String callThread,
    String otherDn,
    String thirdPartyDn,
    String callType,
    String ani,
    String dnis,
    ObjectNode userData) {

  /**
   * Reads an event.
   *
   * @throws IllegalArgumentException when the value is not a JSON object with an {@code id} and a
   *     {@code time}, saying what is missing
   */
  static VoiceEvent parse(byte[] value) {
    JsonNode node;
    try {
      node = Mapper.JSON.readTree(value);
    } catch (IOException e) {
      throw new IllegalArgumentException("the record value is not JSON: " + e.getMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("the record value is not a JSON object");
    }
    JsonNode id = node.get("id");
    if (id == null || !id.isTextual()) {
      throw new IllegalArgumentException("the event has no \"id\" (the event name)");
    }
    JsonNode time = node.get("time");
    if (time == null || !time.has("seconds")) {
      throw new IllegalArgumentException(
          id.asText() + " has no \"time\": {\"seconds\": s, \"useconds\": us}");
    }
    long micros = time.get("seconds").asLong() * 1_000_000L + time.path("useconds").asLong();
    JsonNode userData = node.get("UserData");
    return new VoiceEvent(
        id.asText(),
        micros,
        text(node, "ThisDN"),
        text(node, "ThisDNRole"),
        text(node, "ThisQueue"),
        text(node, "AgentID"),
        text(node, "AgentWorkMode"),
        node.get("Reasons"),
        text(node, "ConnID"),
        text(node, "CallThreadID"),
        text(node, "OtherDN"),
        text(node, "ThirdPartyDN"),
        text(node, "CallType"),
        text(node, "ANI"),
        text(node, "DNIS"),
        userData instanceof ObjectNode object ? object : null);
  }

  private static String text(JsonNode node, String name) {
    JsonNode value = node.get(name);
    return value == null || value.isNull() ? null : value.asText();
  }

  /** The event time in milliseconds since the epoch. */
  long timeMillis() {
    return Math.floorDiv(timeMicros, 1000);
  }
}
