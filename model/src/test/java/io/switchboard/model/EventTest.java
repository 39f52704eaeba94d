package io.switchboard.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventTest {
  private static final Timestamp T = Timestamp.of(Instant.parse("2026-01-05T09:00:00.000001Z"));

  @Test
  void anEventLackingAMandatoryAttributeCannotBeBuilt() {
    assertThatThrownBy(
            () -> Event.builder(EventType.EventAgentLogin).with(Attribute.Server, "s").build())
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("EventAgentLogin lacks mandatory attribute(s) [time, ThisDN]");
  }

  @Test
  void anAttributeOutsideTheCatalogIsRejected() {
    assertThatThrownBy(
            () ->
                Event.builder(EventType.EventAgentLogin).with(Attribute.ConnID, new ConnId(1, "t")))
        .isInstanceOf(InvalidEventException.class)
        .hasMessage("EventAgentLogin has no attribute ConnID");
  }

  @Test
  void aValueOfTheWrongTypeIsRejected() {
    assertThatThrownBy(() -> Event.builder(EventType.EventRinging).with(Attribute.CallState, "Ok"))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("EventRinging.CallState must be a CallState");
    assertThatThrownBy(() -> Event.builder(EventType.EventRinging).with(Attribute.CallID, 3))
        .hasMessageContaining("must be a Long");
  }

  @Test
  void aCompleteEventKeepsItsAttributesInWireOrder() {
    Event event =
        Event.builder(EventType.EventAgentLogin)
            .with(Attribute.ThisDN, "5001")
            .with(Attribute.time, T)
            .with(Attribute.Server, "switchboard")
            .with(Attribute.AgentID, "1001")
            .build();
    assertThat(event.attributes().keySet())
        .containsExactly(Attribute.Server, Attribute.time, Attribute.ThisDN, Attribute.AgentID);
    assertThat(event.get(Attribute.id)).contains(EventType.EventAgentLogin);
    assertThat(event.time().toEpochMilli()).isEqualTo(T.toEpochMilli());
  }

  @Test
  void connIdsPrintAndParseAsVoiceMicroservicesWritesThem() {
    ConnId id = new ConnId(0x006c02a8b7e30001L, "acme");
    assertThat(id).hasToString("006c02a8b7e30001@acme");
    assertThat(ConnId.parse("006c02a8b7e30001@acme")).isEqualTo(id);
    assertThat(ConnId.parse("006C02A8B7E30001").value()).isEqualTo(id.value());
    assertThatThrownBy(() -> ConnId.parse("xyz")).hasMessageContaining("is not a ConnID");
    assertThatThrownBy(() -> ConnId.parse("00000000000000001"))
        .hasMessageContaining("is not a ConnID");
  }

  @Test
  void keyValueListsNormalizeTheirValues() {
    KVList list = KVList.of(java.util.Map.of("n", 3, "m", java.util.Map.of("k", "v")));
    assertThat(list.get("n")).contains(3L);
    assertThat(list.get("m")).contains(KVList.of("k", "v"));
    assertThatThrownBy(() -> KVList.of("x", 1.5)).hasMessageContaining("value of key 'x'");
  }
}
