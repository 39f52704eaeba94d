package io.switchboard.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.kafka.JournalPublisher.State;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Publishing failures classified once, and the publisher's lifecycle. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class PublishFailureTest {

  @Test
  void whatWaitingFixesIsRetriable() {
    assertThat(PublishFailure.of(new TimeoutException("no answer")).fatal()).isFalse();
    assertThat(PublishFailure.of(new NotLeaderOrFollowerException("moving")).fatal()).isFalse();
    assertThat(
            PublishFailure.of(new IllegalStateException("topic t has no partitions yet")).fatal())
        .isFalse();
  }

  @Test
  void whatRetryingCannotFixIsFatalAndSaysWhatToChange() {
    PublishFailure tooLarge =
        PublishFailure.of(
            new IllegalStateException(
                "Kafka refused the record of journal entry 7 for topic voice-callthread",
                new RecordTooLargeException("The message is 3000 bytes")));
    assertThat(tooLarge.fatal()).isTrue();
    assertThat(tooLarge.message())
        .contains("journal entry 7", "voice-callthread", "The message is 3000 bytes")
        .contains("RecordTooLargeException", "max.message.bytes");

    // as the admin client reports it, wrapped
    PublishFailure denied =
        PublishFailure.of(
            new RuntimeException(
                new ExecutionException(
                    new TopicAuthorizationException(Set.of("voice-agentstate")))));
    assertThat(denied.fatal()).isTrue();
    assertThat(denied.message()).contains("TopicAuthorizationException", "grant");

    assertThat(PublishFailure.of(new SaslAuthenticationException("bad password")).message())
        .contains("credentials");
  }

  @Test
  void thePublishersLifecycleHasTheseMovesOnly() {
    assertThat(State.CONNECTING.canMoveTo(State.PUBLISHING)).isTrue();
    assertThat(State.PUBLISHING.canMoveTo(State.RETRYING)).isTrue();
    assertThat(State.RETRYING.canMoveTo(State.CONNECTING)).isTrue();
    assertThat(State.PUBLISHING.canMoveTo(State.FAILED)).isTrue();
    // a fatal failure is not retried: only a close leaves it
    for (State next : State.values()) {
      assertThat(State.FAILED.canMoveTo(next))
          .as("FAILED to %s", next)
          .isEqualTo(next == State.CLOSING);
    }
    for (State state : State.values()) {
      assertThat(state.canMoveTo(State.CLOSING))
          .as("%s to CLOSING", state)
          .isEqualTo(state != State.CLOSING && state != State.CLOSED);
      assertThat(State.CLOSED.canMoveTo(state)).isFalse();
    }
    assertThat(State.RETRYING.canMoveTo(State.PUBLISHING)).isFalse();
  }
}
