package io.switchboard.sim.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.json.EventJson;
import io.switchboard.model.Event;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallCycleTest {

  @Test
  void aCycleIsAWholeCallAndLeavesTheAgentsFree() {
    CallCycle cycle = new CallCycle(3);
    for (int i = 0; i < 10; i++) {
      assertThat(cycle.run(e -> {})).isEqualTo(9);
    }
  }

  @Test
  void plainJacksonWritesTheSameBytesAsEventJson() throws Exception {
    List<Event> events = new CallCycle(2).events();
    EventJson json = new EventJson();
    ObjectMapper jackson = new ObjectMapper();

    for (Event event : events) {
      assertThat(new String(jackson.writeValueAsBytes(PlainJson.of(event))))
          .isEqualTo(new String(json.encode(event)));
    }
  }
}
