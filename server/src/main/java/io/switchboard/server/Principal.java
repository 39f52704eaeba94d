package io.switchboard.server;

import io.switchboard.model.request.Advance;
import io.switchboard.model.request.Request;
import io.switchboard.model.request.Step;
import io.switchboard.model.request.Stimulus;
import java.util.Optional;

/**
 * Who sent a request.
 *
 * @param role what its key may do
 * @param tenant the one tenant it may act on, when it is not an admin
 * @param client who it is for rate limits and connection limits: a key's digest prefix, or the
 *     remote address on an open API
 */
record Principal(Role role, Optional<String> tenant, String client) {

  /** What a key may do. */
  enum Role {
    /** Every tenant, every step, the admin API (and every client of an open API). */
    ADMIN,
    /** One tenant's client side: T-Library requests, as agent desktops and routing send them. */
    CLIENT,
    /** One tenant's switch side: the network's and the phones' stimuli ({@code InboundCall}...). */
    NETWORK
  }

  /** Whether it may act on every tenant and use the admin API. */
  boolean admin() {
    return role == Role.ADMIN;
  }

  boolean mayActOn(String tenantId) {
    return admin() || tenant.filter(tenantId::equals).isPresent();
  }

  /**
   * Checks that it may send {@code step} to the live service.
   *
   * @throws ApiError 400 for {@code Advance}, which no key may send; 403 for a stimulus sent with a
   *     client key, or a request sent with a network key, naming the key it needs
   */
  void checkMaySend(Step step, String tenantId) {
    if (step instanceof Advance) {
      throw new ApiError(
          400,
          "Advance moves the clock of a scenario or of the simulator's virtual time; the live"
              + " service keeps real time and fires every timer itself when it falls due: leave"
              + " the step out (to run steps in virtual time: switchboard scenario FILE)");
    }
    if (step instanceof Stimulus && role == Role.CLIENT) {
      throw new ApiError(
          403,
          step.name()
              + " is a network stimulus: it comes from the switch side, which needs a network key"
              + " of tenant '"
              + tenantId
              + "' (its networkKeys) or an admin key; this request has "
              + describe()
              + ", which sends T-Library requests only");
    }
    if (step instanceof Request && role == Role.NETWORK) {
      throw new ApiError(
          403,
          step.name()
              + " is a T-Library request: it comes from the client side, which needs an API key"
              + " of tenant '"
              + tenantId
              + "' (its apiKeys) or an admin key; this request has "
              + describe()
              + ", which sends network stimuli only");
    }
  }

  /**
   * What it is, for messages: {@code "an admin key"}, {@code "the key of tenant 'acme'"} or {@code
   * "a network key of tenant 'acme'"}.
   */
  String describe() {
    return switch (role) {
      case ADMIN -> "an admin key";
      case CLIENT -> "the key of tenant '" + tenant.orElseThrow() + "'";
      case NETWORK -> "a network key of tenant '" + tenant.orElseThrow() + "'";
    };
  }
}
