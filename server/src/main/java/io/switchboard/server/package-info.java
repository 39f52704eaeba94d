/**
 * The client API over the engine ({@link io.switchboard.server.HttpApi}, Jetty): T-Library requests
 * over HTTP answered with the events they caused, the events of registered DNs over WebSocket,
 * read-only views of each tenant's state, an admin API (tenants, DNs, agents) and the service's
 * metrics for Prometheus; keys per tenant keep tenants apart. It knows nothing of Kafka: publishing
 * happens behind the engine's {@link io.switchboard.engine.EventSink}, and the figures of the
 * wiring come in through the registry of {@link io.switchboard.server.Meters}. {@code docs/api.md}
 * is the guide, {@code openapi.yaml} the description.
 */
package io.switchboard.server;
