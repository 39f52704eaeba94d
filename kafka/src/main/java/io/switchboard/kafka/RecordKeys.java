package io.switchboard.kafka;

import io.switchboard.journal.Keying;
import io.switchboard.model.Attribute;
import io.switchboard.model.Event;
import java.util.Objects;
import java.util.Optional;

/**
 * The one place that builds Kafka record keys. The key decides the partition, so all events of one
 * agent (or DN), and all events of one call thread, stay in order on one partition.
 *
 * <ul>
 *   <li>Agent and DN events ({@code voice-agentstate}): {@code {tenant_id}:{AgentID}} when the
 *       event carries a non-blank AgentID, else {@code {tenant_id}:{ThisDN}} (no agent is logged in
 *       on the DN).
 *   <li>Call, routing and treatment events ({@code voice-callthread}): {@code
 *       {tenant_id}:{CallThreadID}}.
 * </ul>
 *
 * @see <a href="https://all.docs.genesys.com/VM/Current/VMEventsandModels/Topics">VM: Topics</a>
 */
public final class RecordKeys {

  private RecordKeys() {}

  /**
   * The key of {@code event} published for {@code tenant}.
   *
   * @throws IllegalArgumentException if the tenant is blank or contains ':' (the key would be
   *     ambiguous), if the event type is never published, or if the event lacks the attribute its
   *     key is made of
   */
  public static String key(String tenant, Event event) {
    Objects.requireNonNull(event, "event");
    checkTenant(tenant);
    return switch (event.type().topic()) {
      case AGENT_STATE -> tenant + ":" + agentOrDn(event);
      case CALL_THREAD -> tenant + ":" + callThread(event);
      case NONE ->
          throw new IllegalArgumentException(
              event.name() + " is never published to Kafka, so it has no record key");
    };
  }

  /** These keys, for the journal that numbers the events of each key. */
  public static Keying keying() {
    return new Keying() {
      @Override
      public String key(String tenant, Event event) {
        return RecordKeys.key(tenant, event);
      }

      @Override
      public String callThreadKey(String tenant, String callThreadId) {
        return RecordKeys.callThreadKey(tenant, callThreadId);
      }
    };
  }

  /** The key of the events of call thread {@code callThreadId} of {@code tenant}. */
  public static String callThreadKey(String tenant, String callThreadId) {
    checkTenant(tenant);
    return tenant + ":" + callThreadId;
  }

  static void checkTenant(String tenant) {
    if (tenant == null || tenant.isBlank() || tenant.indexOf(':') >= 0) {
      throw new IllegalArgumentException(
          "A tenant id must be non-blank and free of ':' (it starts every record key), was "
              + (tenant == null ? "missing" : "'" + tenant + "'"));
    }
  }

  private static String agentOrDn(Event event) {
    return nonBlank(event, Attribute.AgentID)
        .or(() -> nonBlank(event, Attribute.ThisDN))
        .orElseThrow(() -> missing(event, "AgentID or ThisDN"));
  }

  private static String callThread(Event event) {
    return nonBlank(event, Attribute.CallThreadID)
        .orElseThrow(() -> missing(event, "CallThreadID"));
  }

  private static Optional<String> nonBlank(Event event, Attribute attribute) {
    return event.string(attribute).filter(value -> !value.isBlank());
  }

  private static IllegalArgumentException missing(Event event, String attributes) {
    return new IllegalArgumentException(
        event.name() + " has no " + attributes + " to build its record key from: " + event);
  }
}
