package io.switchboard.server;

import java.util.Optional;

/**
 * Who sent a request.
 *
 * @param admin whether it may act on every tenant and use the admin API
 * @param tenant the one tenant it may act on, when it is not an admin
 * @param client who it is for rate limits and connection limits: a key's digest prefix, or the
 *     remote address on an open API
 */
record Principal(boolean admin, Optional<String> tenant, String client) {

  boolean mayActOn(String tenantId) {
    return admin || tenant.filter(tenantId::equals).isPresent();
  }

  /** What it is, for messages: {@code "an admin key"} or {@code "the key of tenant 'acme'"}. */
  String describe() {
    return tenant.map(t -> "the key of tenant '" + t + "'").orElse("an admin key");
  }
}
