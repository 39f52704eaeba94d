package io.switchboard.engine;

import static io.switchboard.model.Attribute.ANI;
import static io.switchboard.model.Attribute.CallID;
import static io.switchboard.model.Attribute.ConnID;
import static io.switchboard.model.Attribute.DNIS;
import static io.switchboard.model.Attribute.ThirdPartyDN;
import static io.switchboard.model.Attribute.ThisDN;
import static io.switchboard.model.Attribute.ThisDNRole;
import static io.switchboard.model.Attribute.UserData;

import io.switchboard.engine.state.Call;
import io.switchboard.engine.state.Dn;
import io.switchboard.engine.state.EngineState;
import io.switchboard.engine.state.Party;
import io.switchboard.model.Attribute;
import io.switchboard.model.ConnId;
import io.switchboard.model.DNRole;
import io.switchboard.model.Event;
import io.switchboard.model.EventType;
import io.switchboard.model.KVList;
import io.switchboard.model.request.*;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * User data: attach, update and delete the key-value pairs a call carries. Each request is decided
 * by a static {@code decide...} method against the state as it reads ({@link ReadState}), then, if
 * accepted, evolved by {@link #changeUserData} from the facts the decision found.
 */
final class CallUserData extends Feature {
  CallUserData(EngineState state) {
    super(state);
  }

  /** What a change of user data found: the requester's DN, the call, and its data after. */
  record Change(Dn requester, Call call, KVList userData) {}

  /** Attaches or updates: the pairs of {@code userData} replace those of the same keys. */
  static Change decideMerge(ReadState state, String thisDN, ConnId connId, KVList userData) {
    Call call = state.call(connId);
    return change(state, thisDN, call, call.userData().merge(userData));
  }

  static Change decideDelete(ReadState state, String thisDN, ConnId connId, List<String> keys) {
    Call call = state.call(connId);
    return change(state, thisDN, call, deleteKeys(call, keys));
  }

  private static Change change(ReadState state, String requester, Call call, KVList userData) {
    Dn requesterDn = state.internal(requester);
    checkUserDataSize(state, userData);
    return new Change(requesterDn, call, userData);
  }

  static KVList deleteKeys(Call call, List<String> keys) {
    if (keys.isEmpty()) {
      return KVList.EMPTY;
    }
    List<String> missing = keys.stream().filter(k -> !call.userData().containsKey(k)).toList();
    if (!missing.isEmpty()) {
      throw new Rejection(
          ErrorCode.UserDataKeyNotFound,
          "key(s) "
              + missing
              + " are not attached to call "
              + call.connId()
              + "; attached: "
              + call.userData().asMap().keySet());
    }
    return call.userData().without(new LinkedHashSet<>(keys));
  }

  /**
   * Replaces the call's user data and tells every party of the call, and the requester when it is
   * not one of them (then without ThisDN). EventAttachedDataChanged is never published.
   *
   * @see <a href="https://all.docs.genesys.com/VM/Current/VMEventsandModels/HandlingUserData">VM:
   *     Handling user data</a>
   */
  void changeUserData(StepContext step, Change change) {
    Dn requesterDn = change.requester();
    Call call = change.call();
    KVList userData = change.userData();
    state.setUserData(call, userData);
    boolean requesterInCall = false;
    for (Party p : call.present()) {
      if (p.isInternal()) {
        requesterInCall |= p.dn().equals(requesterDn.number());
        step.deliver(
            p,
            attachedDataChanged(step, call, requesterDn.number())
                .with(ThisDN, p.dn())
                .with(ThisDNRole, p.role())
                .build());
      }
    }
    for (String waiting : call.waitingAt()) {
      requesterInCall |= waiting.equals(requesterDn.number());
      step.deliver(
          waiting,
          attachedDataChanged(step, call, requesterDn.number())
              .with(ThisDN, waiting)
              .with(ThisDNRole, DNRole.Destination)
              .build());
    }
    if (!requesterInCall) {
      step.deliver(
          requesterDn.number(), attachedDataChanged(step, call, requesterDn.number()).build());
    }
  }

  Event.Builder attachedDataChanged(StepContext step, Call call, String requester) {
    return events
        .base(step, EventType.EventAttachedDataChanged)
        .with(ConnID, call.connId())
        .with(CallID, call.callId())
        .with(Attribute.CallType, call.type())
        .with(UserData, call.userData())
        .with(ThirdPartyDN, requester)
        .withIfAllowed(ANI, Optional.ofNullable(call.ani()))
        .withIfAllowed(DNIS, Optional.ofNullable(call.dnis()));
  }

  static void checkUserDataSize(ReadState state, KVList userData) {
    int size = userData.packedSize();
    if (size > state.config().userDataLimit()) {
      throw new Rejection(
          ErrorCode.UserDataTooLarge,
          "the call's user data would take "
              + size
              + " bytes packed, over the tenant's limit of "
              + state.config().userDataLimit()
              + "; attach less, or raise the limit (at most "
              + TenantConfig.MAX_USER_DATA_LIMIT
              + ")");
    }
  }
}
