package io.switchboard.engine;

import io.switchboard.model.AgentWorkMode;
import io.switchboard.model.ConnId;
import io.switchboard.model.ForwardMode;
import io.switchboard.model.KVList;
import io.switchboard.model.request.*;
import java.util.List;
import java.util.Optional;

/** Short factories for the steps of the engine tests. */
final class Steps {
  private Steps() {}

  static final RequestAttributes NONE = RequestAttributes.NONE;

  static RequestMakeCall makeCall(String from, String to) {
    return new RequestMakeCall(from, to, KVList.EMPTY, NONE);
  }

  static RequestMakeCall makeCall(String from, String to, KVList userData) {
    return new RequestMakeCall(from, to, userData, NONE);
  }

  static RequestAnswerCall answer(String dn, ConnId c) {
    return new RequestAnswerCall(dn, c, NONE);
  }

  static RequestReleaseCall release(String dn, ConnId c) {
    return new RequestReleaseCall(dn, c, NONE);
  }

  static RequestHoldCall hold(String dn, ConnId c) {
    return new RequestHoldCall(dn, c, NONE);
  }

  static RequestRetrieveCall retrieve(String dn, ConnId c) {
    return new RequestRetrieveCall(dn, c, NONE);
  }

  static RequestUpdateUserData update(String dn, ConnId c, KVList data) {
    return new RequestUpdateUserData(dn, c, data, NONE);
  }

  static RequestAttachUserData attach(String dn, ConnId c, KVList data) {
    return new RequestAttachUserData(dn, c, data, NONE);
  }

  static RequestDeleteUserData delete(String dn, ConnId c, String... keys) {
    return new RequestDeleteUserData(dn, c, List.of(keys), NONE);
  }

  static RequestDeletePair deletePair(String dn, ConnId c, String key) {
    return new RequestDeletePair(dn, c, key, NONE);
  }

  static InboundCall inbound(String from, String to) {
    return new InboundCall(from, to, KVList.EMPTY);
  }

  static InboundCall inbound(String from, String to, KVList data) {
    return new InboundCall(from, to, data);
  }

  static RequestAgentLogin login(String dn, String agent, String queue, AgentWorkMode mode) {
    return new RequestAgentLogin(dn, agent, Optional.ofNullable(queue), mode, NONE);
  }

  static RequestAgentLogout logout(String dn, String queue) {
    return new RequestAgentLogout(dn, Optional.ofNullable(queue), NONE);
  }

  static RequestAgentReady ready(String dn, AgentWorkMode mode) {
    return new RequestAgentReady(dn, Optional.empty(), mode, NONE);
  }

  static RequestAgentNotReady notReady(String dn, AgentWorkMode mode, KVList reasons) {
    return new RequestAgentNotReady(
        dn, Optional.empty(), mode, new RequestAttributes(0, reasons, KVList.EMPTY));
  }

  static RequestSetCallForward forward(String dn, String to, ForwardMode mode) {
    return new RequestSetCallForward(dn, to, mode, NONE);
  }
}
