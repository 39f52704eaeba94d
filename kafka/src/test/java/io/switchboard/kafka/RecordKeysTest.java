package io.switchboard.kafka;

import static io.switchboard.kafka.TestEvents.TENANT;
import static io.switchboard.kafka.TestEvents.TIME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RecordKeysTest {

  @Test
  void agentStateEventsAreKeyedByTenantAndAgent() {
    assertThat(RecordKeys.key(TENANT, TestEvents.login("5001", "1001", TIME)))
        .isEqualTo("acme:1001");
  }

  @Test
  void agentStateEventsWithoutAgentAreKeyedByTenantAndThisDn() {
    assertThat(RecordKeys.key(TENANT, TestEvents.login("5001", "", TIME))).isEqualTo("acme:5001");
    assertThat(RecordKeys.key(TENANT, TestEvents.dndOn("5002", TIME))).isEqualTo("acme:5002");
  }

  @Test
  void aBlankAgentIdFallsBackToThisDn() {
    assertThat(RecordKeys.key(TENANT, TestEvents.login("5001", " ", TIME))).isEqualTo("acme:5001");
  }

  @Test
  void callThreadEventsAreKeyedByTenantAndCallThread() {
    assertThat(RecordKeys.key(TENANT, TestEvents.ringing("ct-7", 1L, "5001", TIME)))
        .isEqualTo("acme:ct-7");
  }

  @Test
  void unpublishedEventsHaveNoKey() {
    assertThatThrownBy(() -> RecordKeys.key(TENANT, TestEvents.error(TIME)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("EventError is never published");
  }

  @Test
  void tenantsMustBeNonBlankAndFreeOfColons() {
    assertThatThrownBy(() -> RecordKeys.key(" ", TestEvents.dndOn("5001", TIME)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tenant id");
    assertThatThrownBy(() -> RecordKeys.key("a:b", TestEvents.dndOn("5001", TIME)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'a:b'");
  }
}
