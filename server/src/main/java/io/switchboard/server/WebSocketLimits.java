package io.switchboard.server;

/**
 * Bounds on what one WebSocket client may hold in the service.
 *
 * @param queueMessages events waiting to be sent to one connection; a connection whose client reads
 *     too slowly to stay under this is closed (1008, with the reason) rather than slowing the
 *     engine
 * @param queueBytes the same bound in bytes of JSON
 * @param connectionsPerClient open connections per credential (per remote address on an open API)
 */
public record WebSocketLimits(int queueMessages, long queueBytes, int connectionsPerClient) {

  /** 1,000 events or 4 MiB per connection, 64 connections per client. */
  public static final WebSocketLimits DEFAULT = new WebSocketLimits(1_000, 4L << 20, 64);

  public WebSocketLimits {
    if (queueMessages < 1 || queueBytes < 1 || connectionsPerClient < 1) {
      throw new IllegalArgumentException(
          "WebSocket limits must be at least 1, were queueMessages="
              + queueMessages
              + ", queueBytes="
              + queueBytes
              + ", connectionsPerClient="
              + connectionsPerClient);
    }
  }
}
