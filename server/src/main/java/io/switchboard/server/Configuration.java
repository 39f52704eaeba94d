package io.switchboard.server;

import io.switchboard.engine.TenantConfig;
import java.util.List;
import java.util.Objects;

/**
 * What the service should run: its tenants with their directories, and who may use the API. {@code
 * POST /v1/admin/reload} reads it again (from the configuration file) and applies the difference
 * with what runs: tenants added and removed, DNs added and removed, keys replaced.
 *
 * @param tenants the tenants
 * @param credentials the admin keys and the tenants' API keys
 */
public record Configuration(List<TenantConfig> tenants, Credentials credentials) {
  public Configuration {
    tenants = List.copyOf(tenants);
    Objects.requireNonNull(credentials, "credentials");
  }
}
