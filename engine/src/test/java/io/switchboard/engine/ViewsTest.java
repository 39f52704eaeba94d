package io.switchboard.engine;

import static io.switchboard.engine.Steps.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.switchboard.model.AgentWorkMode;
import io.switchboard.model.ConnId;
import io.switchboard.model.request.MessageWaitingOn;
import io.switchboard.model.request.RequestSingleStepConference;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The view and the digest are made from the snapshot: what they show of the state. */
class ViewsTest {
  final EngineFixture f = EngineFixture.withExtensions("5001", "5002", "5003", "5004");

  @Test
  void everyDnShowsTheAgentLoggedInOnItWhateverTheOrderOfTheLogins() {
    f.given(login("5004", "1004", null, AgentWorkMode.AutoIn));
    f.given(login("5002", "1002", null, AgentWorkMode.ManualIn));
    TenantView view = f.engine.view();
    assertThat(view.dns())
        .extracting(TenantView.DnView::agentId)
        .containsExactly(
            Optional.empty(), Optional.of("1002"), Optional.empty(), Optional.of("1004"));
    assertThat(view.agents())
        .extracting(TenantView.AgentView::agentId, TenantView.AgentView::dn)
        .as("in the order of their DNs")
        .containsExactly(tuple("1002", "5002"), tuple("1004", "5004"));
  }

  @Test
  void aCallShowsThePartiesThatHaveNotLeft() {
    ConnId c = f.given(makeCall("5001", "5002")).connId().orElseThrow();
    f.given(answer("5002", c));
    f.given(new RequestSingleStepConference("5001", c, "5003", NONE));
    f.given(release("5003", c));
    TenantView.CallView call = f.engine.view().calls().get(0);
    assertThat(call.parties()).extracting(TenantView.PartyView::dn).containsExactly("5001", "5002");
    assertThat(f.engine.view().dns().get(2).calls()).as("5003 has left").isEmpty();
  }

  @Test
  void theDigestTellsApartWhatTheViewDoesNotShow() {
    String before = f.engine.stateDigest();
    f.given(new MessageWaitingOn("5001"));
    assertThat(f.engine.view().dns().get(0).dnd()).isFalse();
    assertThat(f.engine.stateDigest()).isNotEqualTo(before);
  }
}
