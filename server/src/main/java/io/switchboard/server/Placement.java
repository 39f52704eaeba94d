package io.switchboard.server;

import io.switchboard.engine.Tenants;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where each tenant is served: by this instance, or, in a cluster, by another one that requests are
 * forwarded to ({@code docs/cluster.md}). A single instance serves every tenant it has.
 */
public interface Placement {

  /** Where a tenant is served, seen from this instance. */
  sealed interface Where {}

  /** Served here. */
  record Here() implements Where {}

  /**
   * Served by another instance of the cluster.
   *
   * @param instance its id
   * @param http where its API is ({@code host:port})
   */
  record Elsewhere(String instance, String http) implements Where {}

  /**
   * Served by no instance right now (it is moving, or Kafka cannot be reached): a request is
   * refused with 503 and {@code Retry-After}.
   *
   * @param why what to tell the client
   */
  record Unavailable(String why) implements Where {}

  /** Not a tenant of this service. */
  record Unknown() implements Where {}

  /** The view of a cluster for {@code GET /v1/cluster}. */
  record ClusterView(String cluster, String instance, List<InstanceView> instances) {}

  /** One instance of a cluster: its id, its API's address, the tenants it serves. */
  record InstanceView(String instance, String http, List<String> tenants) {}

  /** Where {@code tenant} is served. */
  Where locate(String tenant);

  /** Every tenant, served here or elsewhere, in order. */
  Set<String> tenants();

  /** The cluster this instance belongs to; empty for a single instance. */
  Optional<ClusterView> cluster();

  /** The id of this instance, stamped on the requests it forwards. */
  String instance();

  /** A single instance: every tenant of {@code tenants} is served here. */
  static Placement local(Tenants tenants) {
    return new Placement() {
      @Override
      public Where locate(String tenant) {
        return tenants.engine(tenant).isPresent() ? new Here() : new Unknown();
      }

      @Override
      public Set<String> tenants() {
        return new TreeSet<>(tenants.ids());
      }

      @Override
      public Optional<ClusterView> cluster() {
        return Optional.empty();
      }

      @Override
      public String instance() {
        return "local";
      }
    };
  }
}
