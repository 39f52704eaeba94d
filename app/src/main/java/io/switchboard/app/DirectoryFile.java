package io.switchboard.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.engine.DirectoryEntry;
import io.switchboard.engine.TenantConfig;
import io.switchboard.json.Json;
import io.switchboard.model.DNType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * The tenants and their directories, from a YAML file: a list of {@code {tenant, directory}}
 * entries, each directory written as in a scenario file.
 *
 * <pre>
 * - tenant: acme
 *   directory:
 *     - {dn: "5001", type: Extension}
 *     - {dn: "7001", type: ACDQueue}
 * </pre>
 */
final class DirectoryFile {
  private DirectoryFile() {}

  /** The demo tenant the service runs when no directory file is given. */
  static List<TenantConfig> demo(String server) {
    return List.of(
        new TenantConfig(
            "demo",
            List.of(
                new DirectoryEntry("5001", DNType.Extension),
                new DirectoryEntry("5002", DNType.Extension),
                new DirectoryEntry("5003", DNType.Extension),
                new DirectoryEntry("5004", DNType.Extension),
                new DirectoryEntry("7001", DNType.ACDQueue),
                new DirectoryEntry("8001", DNType.RoutingPoint),
                new DirectoryEntry("9001", DNType.VoiceTreatmentPort)),
            server));
  }

  static List<TenantConfig> read(Path file, String server) {
    JsonNode root;
    try {
      root = Json.yamlMapper().readTree(Files.readString(file));
    } catch (IOException e) {
      throw new UserError("cannot read directory file " + file + ": " + e.getMessage(), e);
    }
    return parse(root, server, file.toString());
  }

  static List<TenantConfig> parse(JsonNode root, String server, String source) {
    if (root == null || !root.isArray() || root.isEmpty()) {
      throw new UserError(
          source
              + ": expected a list of {tenant, directory} entries, e.g.\n"
              + "- tenant: acme\n  directory:\n    - {dn: \"5001\", type: Extension}");
    }
    List<TenantConfig> tenants = new ArrayList<>();
    int index = 0;
    for (JsonNode entry : root) {
      index++;
      String where = source + ": entry " + index;
      if (!entry.isObject()) {
        throw new UserError(where + " must be a map with 'tenant' and 'directory'");
      }
      for (Iterator<String> names = entry.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!name.equals("tenant") && !name.equals("directory")) {
          throw new UserError(
              where + " has an unknown key '" + name + "'; an entry has 'tenant' and 'directory'");
        }
      }
      JsonNode tenant = entry.get("tenant");
      if (tenant == null || !tenant.isTextual() || tenant.asText().isBlank()) {
        throw new UserError(where + " needs 'tenant': the tenant id, e.g. tenant: acme");
      }
      try {
        tenants.add(
            new TenantConfig(tenant.asText(), directory(entry.get("directory"), where), server));
      } catch (IllegalArgumentException e) {
        throw new UserError(where + ": " + e.getMessage(), e);
      }
    }
    return tenants;
  }

  /** A directory as a scenario file writes it: a list of {@code {dn, type}}. */
  static List<DirectoryEntry> directory(JsonNode directory, String where) {
    if (directory == null || !directory.isArray()) {
      throw new UserError(
          where
              + " needs 'directory': a list of {dn, type}, e.g. - {dn: \"5001\", type: Extension}");
    }
    List<DirectoryEntry> entries = new ArrayList<>();
    for (JsonNode dn : directory) {
      JsonNode number = dn.get("dn");
      JsonNode type = dn.get("type");
      if (number == null || number.isContainerNode() || number.asText().isBlank()) {
        throw new UserError(where + ": a directory entry lacks 'dn': " + dn);
      }
      if (type == null || !type.isTextual()) {
        throw new UserError(
            where
                + ": DN "
                + number.asText()
                + " lacks 'type', one of "
                + Arrays.toString(DNType.values()));
      }
      try {
        entries.add(new DirectoryEntry(number.asText(), DNType.valueOf(type.asText())));
      } catch (IllegalArgumentException e) {
        throw new UserError(
            where
                + ": DN "
                + number.asText()
                + " has unknown type '"
                + type.asText()
                + "'; use one of "
                + Arrays.toString(DNType.values()),
            e);
      }
    }
    return entries;
  }
}
