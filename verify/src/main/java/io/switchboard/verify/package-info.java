/**
 * A consumer's view of Switchboard's Kafka streams: checks and deduplication that need only the
 * Kafka clients and Jackson.
 *
 * <p>Every record Switchboard publishes carries two headers beside the Genesys event: {@code
 * switchboard.seq} ({@link io.switchboard.verify.SwitchboardRecord#SEQ_HEADER}), its number among
 * the records of its key (1, 2, 3... without gaps), and {@code switchboard.event-id} ({@link
 * io.switchboard.verify.SwitchboardRecord#EVENT_ID_HEADER}), an id that is the same each time the
 * event is published ({@code {journal}-{position}-{index}}). The names are defined there once, for
 * the publishing side too.
 *
 * <ul>
 *   <li>{@link io.switchboard.verify.Deduplicator}: drops a record already delivered, so a consumer
 *       sees each event once, in order.
 *   <li>{@link io.switchboard.verify.StreamVerifier}: reports gaps, duplicates and reordering per
 *       key, and events that break the call or agent model ({@link
 *       io.switchboard.verify.ModelCheck}).
 *   <li>{@link io.switchboard.verify.TopicScanner}: reads the topics from the beginning or from a
 *       time up to their end.
 * </ul>
 */
package io.switchboard.verify;
