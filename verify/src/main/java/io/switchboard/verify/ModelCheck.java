package io.switchboard.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Checks that the events of one key follow the Genesys call and agent models, as far as they can be
 * judged from the stream alone.
 *
 * <p><b>Call threads</b> ({@code voice-callthread}): each party, a ConnID and a ThisDN, moves
 * through Dialing or Ringing, Established, Held and back, to Released (or Abandoned); a party that
 * has left gets no event but a new EventDialing or EventRinging (it joins again). EventPartyChanged
 * with a PreviousConnID carries the party over to the new ConnID. An established party may get
 * EventEstablished again (the party it talks to changed).
 *
 * <p><b>Agents</b> ({@code voice-agentstate}): EventAgentReady, EventAgentNotReady,
 * EventQueueLogout and EventAgentLogout come only between EventAgentLogin and EventAgentLogout.
 *
 * <p>Rules that need the beginning of a key (an EventEstablished without an earlier EventRinging or
 * EventDialing, an agent event before any login) apply only when the key's history is complete (its
 * first record has number 1); the others always apply once the state they need was seen.
 */
public final class ModelCheck {

  /** A rule an event broke. */
  public enum Rule {
    /** An event for a party (ConnID, ThisDN) after its EventReleased or EventAbandoned. */
    EventAfterReleased,
    /** EventEstablished for a party that was neither dialing nor ringing. */
    EstablishedWithoutAlerting,
    /** EventHeld for a party that is not established. */
    HeldWhenNotEstablished,
    /** EventRetrieved for a party that is not held. */
    RetrievedWhenNotHeld,
    /** EventDialing or EventRinging for a party already in the call. */
    AlertingTwice,
    /** An agent-state event while the agent is logged out. */
    AgentEventWhileLoggedOut
  }

  private enum PartyState {
    Dialing,
    Ringing,
    Established,
    Held,
    Released
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Map<String, PartyState> parties = new HashMap<>();
  private Boolean loggedIn;

  /**
   * Checks the next event of the key.
   *
   * @param value the record value (the event as JSON)
   * @param complete whether every earlier event of the key was seen
   * @return the rule broken, with what happened; empty when the event is legal (or cannot be read)
   */
  public Optional<String> check(byte[] value, boolean complete) {
    JsonNode event;
    try {
      event = MAPPER.readTree(value);
    } catch (IOException e) {
      return Optional.empty();
    }
    if (event == null || !event.isObject()) {
      return Optional.empty();
    }
    String id = text(event, "id");
    return switch (id) {
      case "EventAgentLogin" -> {
        loggedIn = true;
        yield Optional.empty();
      }
      case "EventAgentLogout", "EventAgentReady", "EventAgentNotReady", "EventQueueLogout" -> {
        boolean out = loggedIn == null ? complete : !loggedIn;
        if (id.equals("EventAgentLogout")) {
          loggedIn = false;
        }
        yield out
            ? broke(Rule.AgentEventWhileLoggedOut, id + " while the agent is logged out")
            : Optional.empty();
      }
      default -> callEvent(id, event, complete);
    };
  }

  private Optional<String> callEvent(String id, JsonNode event, boolean complete) {
    String connId = text(event, "ConnID");
    String dn = text(event, "ThisDN");
    if (connId.isEmpty() || dn.isEmpty()) {
      return Optional.empty();
    }
    String party = connId + " " + dn;
    if (id.equals("EventPartyChanged")) {
      String previous = text(event, "PreviousConnID");
      if (!previous.isEmpty()) {
        PartyState carried = parties.remove(previous + " " + dn);
        if (carried != null) {
          parties.put(party, carried);
        }
      }
      return Optional.empty();
    }
    PartyState state = parties.get(party);
    String who = " for ConnID " + connId + " at " + dn;
    switch (id) {
      case "EventDialing", "EventRinging" -> {
        parties.put(party, id.equals("EventDialing") ? PartyState.Dialing : PartyState.Ringing);
        if (state != null && state != PartyState.Released) {
          return broke(Rule.AlertingTwice, id + who + " already " + state);
        }
        return Optional.empty();
      }
      case "EventEstablished" -> {
        if (state == PartyState.Released) {
          return broke(Rule.EventAfterReleased, id + who + " after it was released");
        }
        parties.put(party, PartyState.Established);
        // an established party may be told again: when the party it talks to changes (a transfer
        // completed while the new party was still ringing), it is established with the new one
        if (state == null && complete) {
          return broke(Rule.EstablishedWithoutAlerting, id + who + " that never rang or dialed");
        }
        return Optional.empty();
      }
      case "EventHeld" -> {
        if (state == PartyState.Released) {
          return broke(Rule.EventAfterReleased, id + who + " after it was released");
        }
        parties.put(party, PartyState.Held);
        if (state == null ? complete : state != PartyState.Established) {
          return broke(Rule.HeldWhenNotEstablished, id + who + " in state " + state);
        }
        return Optional.empty();
      }
      case "EventRetrieved" -> {
        if (state == PartyState.Released) {
          return broke(Rule.EventAfterReleased, id + who + " after it was released");
        }
        parties.put(party, PartyState.Established);
        if (state == null ? complete : state != PartyState.Held) {
          return broke(Rule.RetrievedWhenNotHeld, id + who + " in state " + state);
        }
        return Optional.empty();
      }
      case "EventReleased", "EventAbandoned" -> {
        parties.put(party, PartyState.Released);
        if (state == PartyState.Released) {
          return broke(Rule.EventAfterReleased, id + who + " after it was released");
        }
        return Optional.empty();
      }
      default -> {
        if (state == PartyState.Released) {
          return broke(Rule.EventAfterReleased, id + who + " after it was released");
        }
        return Optional.empty();
      }
    }
  }

  private static Optional<String> broke(Rule rule, String what) {
    return Optional.of(rule.name() + ": " + what);
  }

  private static String text(JsonNode event, String field) {
    JsonNode node = event.get(field);
    return node == null || node.isNull() ? "" : node.asText();
  }
}
