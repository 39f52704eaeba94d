package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The per-connection queue: one send at a time, in order, and a bound that closes the client. */
class OutboxTest {
  /** A transport whose sends complete only when the test says so. */
  private static final class Recording implements Outbox.Transport {
    final List<String> sent = new ArrayList<>();
    final List<Runnable> pending = new ArrayList<>();
    final List<String> closes = new ArrayList<>();

    @Override
    public void send(String text, Runnable done, Consumer<Throwable> failed) {
      sent.add(text);
      pending.add(done);
    }

    @Override
    public void close(int code, String reason) {
      closes.add(code + " " + reason);
    }

    void completeOne() {
      pending.remove(0).run();
    }
  }

  @Test
  void messagesGoOneAtATimeInOrder() {
    Recording transport = new Recording();
    Outbox outbox = new Outbox(transport, Runnable::run, new WebSocketLimits(10, 1_000, 1), "t");
    assertThat(outbox.offer("a")).isTrue();
    assertThat(outbox.offer("b")).isTrue();
    assertThat(outbox.offer("c")).isTrue();
    assertThat(transport.sent).containsExactly("a");
    assertThat(outbox.waiting()).isEqualTo(2);
    transport.completeOne();
    transport.completeOne();
    transport.completeOne();
    assertThat(transport.sent).containsExactly("a", "b", "c");
    assertThat(outbox.waiting()).isZero();
    assertThat(outbox.offer("d")).isTrue();
    assertThat(transport.sent).containsExactly("a", "b", "c", "d");
  }

  @Test
  void aClientThatFallsBehindIsClosedWithTheReasonAndNothingMoreIsQueued() {
    Recording transport = new Recording();
    Outbox outbox = new Outbox(transport, Runnable::run, new WebSocketLimits(2, 1_000, 1), "t");
    outbox.offer("1");
    outbox.offer("2");
    outbox.offer("3");
    assertThat(transport.closes).isEmpty();
    assertThat(outbox.offer("4")).isFalse();
    assertThat(transport.closes).hasSize(1);
    assertThat(transport.closes.get(0)).startsWith("1008 too slow: 2 messages");
    assertThat(outbox.offer("5")).isFalse();
    assertThat(outbox.waiting()).isZero();
    transport.completeOne();
    assertThat(transport.sent).containsExactly("1");
  }

  @Test
  void theBoundIsAlsoInBytes() {
    Recording transport = new Recording();
    Outbox outbox = new Outbox(transport, Runnable::run, new WebSocketLimits(100, 10, 1), "t");
    outbox.offer("in flight");
    assertThat(outbox.offer("12345")).isTrue();
    assertThat(outbox.offer("é12345")).isFalse();
    assertThat(transport.closes.get(0)).contains("5 bytes");
  }
}
