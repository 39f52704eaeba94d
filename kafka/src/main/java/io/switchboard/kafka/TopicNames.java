package io.switchboard.kafka;

import io.switchboard.model.Topic;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The Kafka topic names of the two published streams. This is the one place that turns a logical
 * {@link Topic} into a topic name.
 *
 * @param agentState the topic of agent and DN events ({@link Topic#AGENT_STATE})
 * @param callThread the topic of call, routing and treatment events ({@link Topic#CALL_THREAD})
 * @see <a href="https://all.docs.genesys.com/VM/Current/VMEventsandModels/Topics">VM: Topics</a>
 */
public record TopicNames(String agentState, String callThread) {

  private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  /**
   * @throws IllegalArgumentException if a name is not a legal Kafka topic name or both are equal
   */
  public TopicNames {
    check("agentState", agentState);
    check("callThread", callThread);
    if (agentState.equals(callThread)) {
      throw new IllegalArgumentException(
          "The agent-state and call-thread topics must differ, both were '" + agentState + "'");
    }
  }

  /** The names Genesys documents: {@code voice-agentstate} and {@code voice-callthread}. */
  public static TopicNames defaults() {
    return new TopicNames(
        Topic.AGENT_STATE.defaultName().orElseThrow(),
        Topic.CALL_THREAD.defaultName().orElseThrow());
  }

  /**
   * The topic name of {@code topic}.
   *
   * @throws IllegalArgumentException for {@link Topic#NONE}: such events are never published
   */
  public String of(Topic topic) {
    return switch (Objects.requireNonNull(topic, "topic")) {
      case AGENT_STATE -> agentState;
      case CALL_THREAD -> callThread;
      case NONE ->
          throw new IllegalArgumentException(
              "Topic.NONE has no Kafka topic: its events are delivered to parties only");
    };
  }

  /** Both names: agent state first, then call thread. */
  public List<String> all() {
    return List.of(agentState, callThread);
  }

  private static void check(String what, String name) {
    if (name == null || !LEGAL.matcher(name).matches() || name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException(
          "The "
              + what
              + " topic name must be 1 to 249 of the characters a-z A-Z 0-9 . _ - (and not '.' or"
              + " '..'), was "
              + (name == null ? "missing" : "'" + name + "'"));
    }
  }
}
