package io.switchboard.verify;

import static io.switchboard.verify.StreamVerifierTest.record;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeduplicatorTest {

  @Test
  void eachNumberOfAKeyIsDeliveredOnce() {
    Deduplicator dedup = new Deduplicator();
    assertThat(dedup.isNew(record("a", 1))).isTrue();
    assertThat(dedup.isNew(record("a", 2))).isTrue();
    assertThat(dedup.isNew(record("b", 1))).isTrue();
    assertThat(dedup.isNew(record("a", 2))).isFalse();
    assertThat(dedup.isNew(record("a", 1))).isFalse();
    assertThat(dedup.isNew(record("a", 3))).isTrue();
    assertThat(dedup.dropped()).isEqualTo(2);
  }

  @Test
  void aNewOriginStartsAgain() {
    Deduplicator dedup = new Deduplicator();
    assertThat(dedup.isNew(record("a", 5, "j1", "{}"))).isTrue();
    assertThat(dedup.isNew(record("a", 1, "j2", "{}"))).isTrue();
  }

  @Test
  void aForgottenKeyStartsAgain() {
    Deduplicator dedup = new Deduplicator();
    dedup.isNew(record("a", 1));
    dedup.forget("voice-callthread", "a");
    assertThat(dedup.isNew(record("a", 1))).isTrue();
  }
}
