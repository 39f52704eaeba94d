package io.switchboard.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.model.DNType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A directory entry keeps its options in name order, whatever order they were given in. */
class DirectoryEntryTest {

  @Test
  void theOptionsAreInNameOrder() {
    Map<String, String> given = new LinkedHashMap<>();
    given.put("routeTimeout", "15");
    given.put("defaultDestination", "7001");
    DirectoryEntry entry = new DirectoryEntry("8001", DNType.RoutingPoint, given);
    assertThat(entry.options().keySet()).containsExactly("defaultDestination", "routeTimeout");
    assertThat(entry)
        .isEqualTo(
            new DirectoryEntry(
                "8001",
                DNType.RoutingPoint,
                Map.of("defaultDestination", "7001", "routeTimeout", "15")));
    assertThatThrownBy(() -> entry.options().put("routeTimeout", "1"))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
