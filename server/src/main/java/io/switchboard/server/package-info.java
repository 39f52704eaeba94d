/**
 * The HTTP API over the engine: {@code POST /v1/tenants/{tenant}/steps} takes one step as a
 * scenario file writes it and answers with the events it caused; {@code GET /health}. It knows
 * nothing of Kafka: publishing happens behind the engine's {@link io.switchboard.engine.EventSink}.
 */
package io.switchboard.server;
