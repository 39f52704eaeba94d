package io.switchboard.model.request;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.model.ConnId;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 1, unit = TimeUnit.MINUTES)
class OnCallTest {

  /** A new request on a call that forgets OnCall would lose the ConnID of its EventError. */
  @Test
  void everyRequestWithAConnIdIsOnItsCall() {
    List<Class<?>> requests = Arrays.asList(Request.class.getPermittedSubclasses());
    assertThat(requests).hasSizeGreaterThan(30);
    int onCall = 0;
    for (Class<?> request : requests) {
      RecordComponent[] components = request.getRecordComponents();
      List<RecordComponent> connIds =
          Arrays.stream(components).filter(c -> c.getType() == ConnId.class).toList();
      if (connIds.isEmpty()) {
        assertThat(OnCall.class.isAssignableFrom(request)).as(request.getSimpleName()).isFalse();
        continue;
      }
      onCall++;
      assertThat(OnCall.class.isAssignableFrom(request)).as(request.getSimpleName()).isTrue();
      // the call is the first ConnID it names; the others (a consultation's, a conference's) are
      // its partners
      assertThat(connIds.get(0).getName()).as(request.getSimpleName()).isEqualTo("connID");
    }
    assertThat(onCall).isEqualTo(25);
  }

  @Test
  void readsTheCallOfARequest() {
    ConnId call = ConnId.parse("006c02a8b7e30001@acme");
    OnCall hold = new RequestHoldCall("5001", call, RequestAttributes.NONE);
    assertThat(hold.connID()).isEqualTo(call);
  }
}
