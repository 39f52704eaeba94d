package io.switchboard.json;

import io.switchboard.model.ConnId;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves the {@code $NAME} references of ConnID attributes ({@code ConnID: $c1}) to the ConnIDs
 * that earlier steps bound with {@code as: NAME}.
 */
@FunctionalInterface
public interface ConnIdResolver {

  /** The ConnID bound to {@code name} (without the {@code $}); empty if none is. */
  Optional<ConnId> resolve(String name);

  /** The names bound so far, listed when a reference is not bound. */
  default Set<String> names() {
    return Set.of();
  }

  /**
   * The site given to a ConnID written as bare hex digits ({@code ConnID: "006c02a8b7e30001"}): the
   * tenant the step is for. Empty to keep such ConnIDs without a site.
   */
  default String site() {
    return "";
  }

  /** Resolves nothing: every {@code $NAME} is unbound. */
  static ConnIdResolver none() {
    return name -> Optional.empty();
  }

  /**
   * Resolves from {@code bindings}, read at every call (so that a map the caller keeps adding to is
   * seen as it grows), and gives bare ConnIDs the site {@code site}.
   */
  static ConnIdResolver of(Map<String, ConnId> bindings, String site) {
    Objects.requireNonNull(bindings, "bindings");
    Objects.requireNonNull(site, "site");
    return new ConnIdResolver() {
      @Override
      public Optional<ConnId> resolve(String name) {
        return Optional.ofNullable(bindings.get(name));
      }

      @Override
      public Set<String> names() {
        return Set.copyOf(bindings.keySet());
      }

      @Override
      public String site() {
        return site;
      }
    };
  }
}
