package io.switchboard.server;

import java.util.Optional;

/**
 * Who is asking, for a {@link Mount}: nobody identified (no key where keys are configured), an
 * admin (an admin key, or any request to an API without keys), or a tenant's key.
 *
 * @param identified whether the request was identified
 * @param admin whether it may see every tenant
 * @param tenant the one tenant it may see, for a tenant's key
 */
public record Viewer(boolean identified, boolean admin, Optional<String> tenant) {

  /** Whether it may see {@code tenantId}. */
  public boolean mayRead(String tenantId) {
    return identified && (admin || tenant.filter(tenantId::equals).isPresent());
  }

  static Viewer of(Principal principal) {
    return new Viewer(true, principal.admin(), principal.tenant());
  }

  static final Viewer NOBODY = new Viewer(false, false, Optional.empty());
}
