package io.switchboard.wallboard;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;

/**
 * How the statistics application runs.
 *
 * @param bootstrap the Kafka bootstrap servers
 * @param applicationId the Kafka Streams application id (its consumer group, and the prefix of its
 *     internal topics)
 * @param agentStateTopic the topic of agent and DN events ({@code voice-agentstate})
 * @param callThreadTopic the topic of call events ({@code voice-callthread})
 * @param statsTopic the compacted topic the statistics go to ({@code voice-stats})
 * @param stateDir where Kafka Streams keeps its local state
 * @param interval the length of the aligned statistics intervals (15 minutes)
 * @param zone the time zone whose midnight starts the day's figures (UTC)
 * @param serviceLevelThreshold the service-level threshold (20 seconds)
 * @param kafkaProperties more settings for every Kafka client (security, say)
 */
public record WallboardSettings(
    String bootstrap,
    String applicationId,
    String agentStateTopic,
    String callThreadTopic,
    String statsTopic,
    Path stateDir,
    Duration interval,
    ZoneId zone,
    Duration serviceLevelThreshold,
    Map<String, Object> kafkaProperties) {

  public static final String DEFAULT_APPLICATION_ID = "switchboard-wallboard";
  public static final String DEFAULT_STATS_TOPIC = "voice-stats";
  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(15);
  public static final Duration DEFAULT_THRESHOLD = Duration.ofSeconds(20);

  public WallboardSettings {
    Objects.requireNonNull(bootstrap, "bootstrap");
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(agentStateTopic, "agentStateTopic");
    Objects.requireNonNull(callThreadTopic, "callThreadTopic");
    Objects.requireNonNull(statsTopic, "statsTopic");
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(zone, "zone");
    kafkaProperties = Map.copyOf(kafkaProperties);
    if (serviceLevelThreshold.isNegative()) {
      throw new IllegalArgumentException(
          "the service-level threshold cannot be negative: " + serviceLevelThreshold);
    }
    new StatsModel(interval, zone, serviceLevelThreshold); // checks the interval
  }

  /** The defaults, against {@code bootstrap}, with local state under {@code stateDir}. */
  public static WallboardSettings of(String bootstrap, Path stateDir) {
    return new WallboardSettings(
        bootstrap,
        DEFAULT_APPLICATION_ID,
        "voice-agentstate",
        "voice-callthread",
        DEFAULT_STATS_TOPIC,
        stateDir,
        DEFAULT_INTERVAL,
        ZoneId.of("UTC"),
        DEFAULT_THRESHOLD,
        Map.of());
  }

  public WallboardSettings withTopics(String agentState, String callThread) {
    return new WallboardSettings(
        bootstrap,
        applicationId,
        agentState,
        callThread,
        statsTopic,
        stateDir,
        interval,
        zone,
        serviceLevelThreshold,
        kafkaProperties);
  }

  public WallboardSettings withApplicationId(String id) {
    return new WallboardSettings(
        bootstrap,
        id,
        agentStateTopic,
        callThreadTopic,
        statsTopic,
        stateDir,
        interval,
        zone,
        serviceLevelThreshold,
        kafkaProperties);
  }

  public WallboardSettings withKafkaProperties(Map<String, Object> properties) {
    return new WallboardSettings(
        bootstrap,
        applicationId,
        agentStateTopic,
        callThreadTopic,
        statsTopic,
        stateDir,
        interval,
        zone,
        serviceLevelThreshold,
        properties);
  }

  public WallboardSettings withStatistics(Duration interval, ZoneId zone, Duration threshold) {
    return new WallboardSettings(
        bootstrap,
        applicationId,
        agentStateTopic,
        callThreadTopic,
        statsTopic,
        stateDir,
        interval,
        zone,
        threshold,
        kafkaProperties);
  }

  StatsModel model() {
    return new StatsModel(interval, zone, serviceLevelThreshold);
  }
}
