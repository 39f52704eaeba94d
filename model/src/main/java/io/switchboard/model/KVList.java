package io.switchboard.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A T-Library key-value list (user data, reasons, extensions, treatment parameters): an immutable,
 * ordered map from string keys to values that are {@link String}, {@link Long} or a nested {@code
 * KVList}. It is written on the wire as a JSON object.
 */
public final class KVList {

  /** The empty list. */
  public static final KVList EMPTY = new KVList(Map.of());

  private final Map<String, Object> entries;

  private KVList(Map<String, Object> entries) {
    this.entries = entries;
  }

  /**
   * A list of {@code entries}, in their iteration order. Integer values are widened to Long; maps
   * are converted to nested lists.
   *
   * @throws IllegalArgumentException naming the key whose value is not a string, an integer or a
   *     map
   */
  public static KVList of(Map<String, ?> entries) {
    if (entries.isEmpty()) {
      return EMPTY;
    }
    LinkedHashMap<String, Object> copy = new LinkedHashMap<>();
    entries.forEach(
        (key, value) -> copy.put(Objects.requireNonNull(key, "key"), normalize(key, value)));
    return new KVList(Collections.unmodifiableMap(copy));
  }

  /** A list of alternating keys and values: {@code KVList.of("Segment", "Gold", "Tier", 2L)}. */
  public static KVList of(Object... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("keys and values must come in pairs");
    }
    LinkedHashMap<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return of(map);
  }

  private static Object normalize(String key, Object value) {
    if (value instanceof String || value instanceof Long || value instanceof KVList) {
      return value;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Map<?, ?> map) {
      LinkedHashMap<String, Object> nested = new LinkedHashMap<>();
      map.forEach((k, v) -> nested.put(String.valueOf(k), v));
      return of(nested);
    }
    throw new IllegalArgumentException(
        "value of key '"
            + key
            + "' must be a string, an integer or a key-value list, was "
            + (value == null ? "null" : value.getClass().getSimpleName()));
  }

  /** This list with {@code other}'s entries added, replacing the values of keys already here. */
  public KVList merge(KVList other) {
    if (other.isEmpty()) {
      return this;
    }
    LinkedHashMap<String, Object> copy = new LinkedHashMap<>(entries);
    copy.putAll(other.entries);
    return new KVList(Collections.unmodifiableMap(copy));
  }

  /** This list with only the entries of {@code other} whose keys are not here yet added. */
  public KVList addAbsent(KVList other) {
    if (other.isEmpty()) {
      return this;
    }
    LinkedHashMap<String, Object> copy = new LinkedHashMap<>(entries);
    other.entries.forEach(copy::putIfAbsent);
    return new KVList(Collections.unmodifiableMap(copy));
  }

  /** This list without the entries whose keys are in {@code keys}. */
  public KVList without(Set<String> keys) {
    LinkedHashMap<String, Object> copy = new LinkedHashMap<>(entries);
    copy.keySet().removeAll(keys);
    return copy.isEmpty() ? EMPTY : new KVList(Collections.unmodifiableMap(copy));
  }

  /**
   * The size of this list in the T-Library packed form that Genesys limits (16,000 bytes by
   * default, 65,535 at most): a 4-byte header, then per pair 1 byte of type, a 2-byte key length,
   * the key in UTF-8 and a NUL, and the value: a string as a 4-byte length, its UTF-8 bytes and a
   * NUL; an integer in 4 bytes; a nested list as a 4-byte length and its own packed form.
   */
  public int packedSize() {
    int size = 4;
    for (Map.Entry<String, Object> entry : entries.entrySet()) {
      size += 1 + 2 + utf8Length(entry.getKey()) + 1;
      Object value = entry.getValue();
      if (value instanceof String text) {
        size += 4 + utf8Length(text) + 1;
      } else if (value instanceof KVList nested) {
        size += 4 + nested.packedSize();
      } else {
        size += 4;
      }
    }
    return size;
  }

  private static int utf8Length(String text) {
    int length = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        length += 1;
      } else if (c < 0x800) {
        length += 2;
      } else if (Character.isHighSurrogate(c)) {
        length += 4;
        i++;
      } else {
        length += 3;
      }
    }
    return length;
  }

  /** The value of {@code key}. */
  public Optional<Object> get(String key) {
    return Optional.ofNullable(entries.get(key));
  }

  /** Whether {@code key} is in this list. */
  public boolean containsKey(String key) {
    return entries.containsKey(key);
  }

  /** The entries, in order, as an unmodifiable map. */
  public Map<String, Object> asMap() {
    return entries;
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  public int size() {
    return entries.size();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KVList other && entries.equals(other.entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  @Override
  public String toString() {
    return entries.toString();
  }
}
