/**
 * The only code that knows Kafka: topic names ({@link io.switchboard.kafka.TopicNames}, {@link
 * io.switchboard.kafka.Topics}), record keys ({@link io.switchboard.kafka.RecordKeys}), records
 * ({@link io.switchboard.kafka.EventRecords}), the publisher ({@link
 * io.switchboard.kafka.KafkaEventSink}), the reader ({@link io.switchboard.kafka.RecordReader}) and
 * the embedded single-node broker ({@link io.switchboard.kafka.EmbeddedKafka}).
 *
 * <p>Agent and DN events go to {@code voice-agentstate}, call, routing and treatment events to
 * {@code voice-callthread}; events of {@link io.switchboard.model.Topic#NONE} are never published.
 *
 * @see <a href="https://all.docs.genesys.com/VM/Current/VMEventsandModels/Topics">VM: Topics</a>
 */
package io.switchboard.kafka;
