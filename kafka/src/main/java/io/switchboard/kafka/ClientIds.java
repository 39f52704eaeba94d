package io.switchboard.kafka;

/**
 * The {@code client.id} of each Kafka client Switchboard makes, named after its role, so that the
 * broker's logs and metrics say which client did what.
 */
public final class ClientIds {
  /** The producer of {@link KafkaEventSink}: events published as steps run. */
  public static final String EVENTS = "switchboard-events";

  /** The producer of {@link JournalPublisher}: the journal's events, in order. */
  public static final String PUBLISHER = "switchboard-publisher";

  /** The consumer {@link JournalPublisher} reads the last published positions with. */
  public static final String PUBLISHER_POSITIONS = "switchboard-publisher-positions";

  /** The consumer of {@link RecordReader#read}: records read back by position. */
  public static final String READER = "switchboard-reader";

  /** The consumer of {@link RecordReader#tail}: {@code switchboard tail}. */
  public static final String TAIL = "switchboard-tail";

  private ClientIds() {}
}
