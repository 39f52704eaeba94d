package io.switchboard.server;

import java.nio.file.Path;
import java.util.Objects;

/**
 * HTTPS for the API: the key store that holds the server's private key and certificate chain.
 *
 * @param keyStore the key store file
 * @param password the key store's password (also the key's)
 * @param type the key store type: {@code PKCS12} (the default) or {@code JKS}
 */
public record TlsSettings(Path keyStore, String password, String type) {
  public TlsSettings {
    Objects.requireNonNull(keyStore, "keyStore");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(type, "type");
  }

  /** A PKCS12 key store. */
  public TlsSettings(Path keyStore, String password) {
    this(keyStore, password, "PKCS12");
  }
}
