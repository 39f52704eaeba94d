package io.switchboard.model;

/**
 * The logical stream an event belongs to. The physical Kafka topic names are configurable and are
 * resolved by the Kafka adapter; these are the names Genesys documents.
 *
 * @see <a href="https://all.docs.genesys.com/VM/Current/VMEventsandModels/Topics">VM: Topics</a>
 */
public enum Topic {
  /** Agent state and DN events, keyed {@code {tenant_id}:{agent_id}}. */
  AGENT_STATE("voice-agentstate"),
  /** Call, routing and treatment events, keyed {@code {tenant_id}:{callthread_id}}. */
  CALL_THREAD("voice-callthread"),
  /**
   * Events delivered to parties only and never published (EventAttachedDataChanged, EventError).
   */
  NONE(null);

  private final String defaultName;

  Topic(String defaultName) {
    this.defaultName = defaultName;
  }

  /** The Genesys topic name; empty for {@link #NONE}. */
  public java.util.Optional<String> defaultName() {
    return java.util.Optional.ofNullable(defaultName);
  }

  /** Whether events of this topic are published to Kafka. */
  public boolean published() {
    return this != NONE;
  }
}
