package io.switchboard.engine;

import io.switchboard.model.DNType;
import java.util.Objects;

/**
 * One DN of a tenant's directory, as a scenario file writes it: {@code {dn: "5001", type:
 * Extension}}.
 *
 * @param dn the directory number
 * @param type what the DN is
 */
public record DirectoryEntry(String dn, DNType type) {
  public DirectoryEntry {
    Objects.requireNonNull(dn, "dn");
    Objects.requireNonNull(type, "type");
    if (dn.isBlank()) {
      throw new IllegalArgumentException("a directory entry needs a non-blank dn");
    }
  }
}
