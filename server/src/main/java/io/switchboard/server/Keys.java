package io.switchboard.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys the API accepts, as SHA-256 digests, and the principal each stands for. Keys are looked
 * up by digest, so that neither the stored form nor the time a comparison takes says anything about
 * a key.
 */
final class Keys {
  static final String SHA256 = "sha256:";
  private static final int MIN_LENGTH = 16;
  private static final Pattern PLAIN = Pattern.compile("[\\x21-\\x7e]+");
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{64}");

  private static final Logger LOG = LoggerFactory.getLogger(Keys.class);

  private volatile boolean open;
  private volatile Credentials credentials;
  private volatile Map<String, Principal> byDigest;

  /**
   * @param open whether a request without a key is served as an admin (no credentials at start); it
   *     stops being open as soon as any key is set, and stays so until the service restarts
   */
  Keys(Credentials credentials, boolean open) {
    this.open = open;
    set(credentials);
  }

  boolean open() {
    return open;
  }

  Credentials credentials() {
    return credentials;
  }

  /**
   * Replaces every key.
   *
   * @throws IllegalArgumentException saying which key is malformed or given twice
   */
  synchronized void set(Credentials replacement) {
    byDigest = index(replacement);
    credentials = replacement;
    if (open && !replacement.isEmpty()) {
      open = false;
      LOG.warn(
          "a key was configured through the admin API: the API is no longer open, every route"
              + " now requires a key ({} configured); a request without one is answered 401",
          byDigest.size());
    }
  }

  /** Checks {@code candidate} as {@link #set} would, without applying it. */
  static void check(Credentials candidate) {
    index(candidate);
  }

  private static Map<String, Principal> index(Credentials credentials) {
    Map<String, Principal> index = new HashMap<>();
    for (String key : credentials.adminKeys()) {
      put(
          index,
          key,
          new Principal(Principal.Role.ADMIN, Optional.empty(), "admin-" + shortDigest(key)),
          "admin");
    }
    credentials
        .tenantKeys()
        .forEach(
            (tenant, keys) -> {
              for (String key : keys) {
                put(
                    index,
                    key,
                    new Principal(
                        Principal.Role.CLIENT,
                        Optional.of(tenant),
                        tenant + "-" + shortDigest(key)),
                    "tenant '" + tenant + "'");
              }
            });
    credentials
        .networkKeys()
        .forEach(
            (tenant, keys) -> {
              for (String key : keys) {
                put(
                    index,
                    key,
                    new Principal(
                        Principal.Role.NETWORK,
                        Optional.of(tenant),
                        tenant + "-network-" + shortDigest(key)),
                    "the network side of tenant '" + tenant + "'");
              }
            });
    return Map.copyOf(index);
  }

  private static void put(Map<String, Principal> index, String key, Principal who, String owner) {
    Principal before = index.put(digestOf(key, owner), who);
    if (before != null) {
      throw new IllegalArgumentException(
          "the same key is given to "
              + owner(before)
              + " and to "
              + owner
              + "; every client needs a key of its own");
    }
  }

  private static String owner(Principal principal) {
    return switch (principal.role()) {
      case ADMIN -> "admin";
      case CLIENT -> "tenant '" + principal.tenant().orElseThrow() + "'";
      case NETWORK -> "the network side of tenant '" + principal.tenant().orElseThrow() + "'";
    };
  }

  /**
   * The principal a request stands for.
   *
   * @param presented the key the request carries
   * @param remote the remote address, which identifies clients of an open API
   * @throws ApiError 401 when the key is missing (on an API that is not open) or unknown
   */
  Principal authenticate(Optional<String> presented, String remote) {
    if (presented.isEmpty()) {
      if (open) {
        return new Principal(Principal.Role.ADMIN, Optional.empty(), "address-" + remote);
      }
      throw new ApiError(
          401,
          "this request needs a key: send the header 'Authorization: Bearer KEY' with your"
              + " tenant's API key (or an admin key)");
    }
    Principal principal = byDigest.get(digest(presented.get()));
    if (principal == null) {
      throw new ApiError(
          401,
          "the key is not valid: it is not configured (or no longer); ask the administrator for"
              + " your tenant's API key");
    }
    return principal;
  }

  /** The hex SHA-256 digest of {@code key}. */
  static String digest(String key) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static String digestOf(String key, String owner) {
    if (key.startsWith(SHA256)) {
      String hex = key.substring(SHA256.length());
      if (!HEX.matcher(hex).matches()) {
        throw new IllegalArgumentException(
            "a key of "
                + owner
                + " starts with 'sha256:' but is not followed by 64 hex digits; write the key"
                + " itself, or sha256: and the SHA-256 digest of the key in hex (e.g. the output"
                + " of: printf %s KEY | sha256sum)");
      }
      return hex.toLowerCase(Locale.ROOT);
    }
    if (key.length() < MIN_LENGTH || !PLAIN.matcher(key).matches()) {
      throw new IllegalArgumentException(
          "a key of "
              + owner
              + " is not valid: a key is at least "
              + MIN_LENGTH
              + " visible ASCII characters without spaces (e.g. from: openssl rand -hex 16)");
    }
    return digest(key);
  }

  private static String shortDigest(String key) {
    String digest = key.startsWith(SHA256) ? key.substring(SHA256.length()) : digest(key);
    return digest.substring(0, Math.min(12, digest.length())).toLowerCase(Locale.ROOT);
  }

  /** The number of keys, for the log. */
  int size() {
    return byDigest.size();
  }
}
