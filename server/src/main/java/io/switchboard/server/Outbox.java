package io.switchboard.server;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The messages waiting to be sent to one WebSocket client, sent one at a time. {@link #offer} never
 * blocks: it is called under a tenant's lock. A client that reads too slowly for the queue to stay
 * within its bounds is disconnected with a reason: waiting for it would slow the engine, and
 * queueing without bound would exhaust memory.
 */
final class Outbox {
  /** 1008, policy violation: the client broke the rule that it must keep up. */
  static final int TOO_SLOW = 1008;

  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

  /** Where messages go: a WebSocket session, or a recording fake in tests. */
  interface Transport {
    /** Sends {@code text}, then calls {@code sent} or {@code failed}; may call them at once. */
    void send(String text, Runnable sent, Consumer<Throwable> failed);

    /** Closes the connection with {@code code} and {@code reason}, without waiting. */
    void close(int code, String reason);
  }

  private final Transport transport;
  private final Executor executor;
  private final WebSocketLimits limits;
  private final String name;
  private final Queue<String> queue = new ArrayDeque<>();
  private long queuedBytes;
  private boolean sending;
  private boolean closed;

  /**
   * @param executor runs the sends, so that no send happens on the thread that offers
   * @param name the connection, for the log
   */
  Outbox(Transport transport, Executor executor, WebSocketLimits limits, String name) {
    this.transport = transport;
    this.executor = executor;
    this.limits = limits;
    this.name = name;
  }

  /**
   * Queues {@code message}; never blocks. When the queue is full, drops it and everything queued,
   * and closes the connection with a reason.
   *
   * @return whether the message was queued
   */
  boolean offer(String message) {
    long bytes = utf8Length(message);
    String overflow = null;
    boolean start = false;
    synchronized (this) {
      if (closed) {
        return false;
      }
      if (queue.size() >= limits.queueMessages() || queuedBytes + bytes > limits.queueBytes()) {
        overflow =
            "too slow: "
                + queue.size()
                + " messages ("
                + queuedBytes
                + " bytes) were waiting; read faster or register fewer DNs";
        closed = true;
        queue.clear();
        queuedBytes = 0;
      } else {
        queue.add(message);
        queuedBytes += bytes;
        if (!sending) {
          sending = true;
          start = true;
        }
      }
    }
    if (overflow != null) {
      LOG.warn("closing WebSocket {}: {}", name, overflow);
      String reason = overflow;
      executor.execute(() -> transport.close(TOO_SLOW, reason));
      return false;
    }
    if (start) {
      executor.execute(this::sendNext);
    }
    return true;
  }

  /** Stops sending: the connection is closed. */
  synchronized void close() {
    closed = true;
    queue.clear();
    queuedBytes = 0;
  }

  /** Messages waiting, for tests. */
  synchronized int waiting() {
    return queue.size();
  }

  private void sendNext() {
    String message;
    synchronized (this) {
      message = closed ? null : queue.poll();
      if (message == null) {
        sending = false;
        return;
      }
      queuedBytes -= utf8Length(message);
    }
    transport.send(
        message,
        () -> executor.execute(this::sendNext),
        failure -> {
          LOG.debug("WebSocket {}: a send failed", name, failure);
          close();
        });
  }

  private static long utf8Length(String text) {
    long length = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      length += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
    }
    return length;
  }
}
