package io.switchboard.model;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One event as Genesys documents it: its catalog {@link EventType} (the {@code id} attribute) and
 * an immutable map of typed attributes.
 *
 * <p>An event is validated when it is built: every mandatory attribute of its type is present, no
 * attribute outside the type's lists is, and every value has its attribute's type. A missing
 * mandatory attribute is a bug, caught here before the event can be delivered or published.
 */
public final class Event {

  private final EventType type;
  private final Map<Attribute, Object> attributes;

  private Event(EventType type, EnumMap<Attribute, Object> attributes) {
    this.type = type;
    this.attributes = Collections.unmodifiableMap(attributes);
  }

  /** A builder of an event of {@code type}. */
  public static Builder builder(EventType type) {
    return new Builder(type);
  }

  /** A builder that starts from this event's attributes, to derive a similar event. */
  public Builder toBuilder(EventType newType) {
    Builder builder = new Builder(newType);
    attributes.forEach(
        (attribute, value) -> {
          if (newType.allows(attribute)) {
            builder.values.put(attribute, value);
          }
        });
    return builder;
  }

  /** The event's catalog type; its name is the {@code id} attribute. */
  public EventType type() {
    return type;
  }

  /** The event name, e.g. {@code EventRinging}. */
  public String name() {
    return type.name();
  }

  /** The attributes other than {@code id}, in wire order. */
  public Map<Attribute, Object> attributes() {
    return attributes;
  }

  /** Whether the event carries {@code attribute}. */
  public boolean has(Attribute attribute) {
    return attribute == Attribute.id || attributes.containsKey(attribute);
  }

  /** The value of {@code attribute}. */
  public Optional<Object> get(Attribute attribute) {
    return attribute == Attribute.id
        ? Optional.of(type)
        : Optional.ofNullable(attributes.get(attribute));
  }

  /** The value of {@code attribute} as a {@code type}; empty when absent. */
  public <T> Optional<T> get(Attribute attribute, Class<T> type) {
    return get(attribute).map(type::cast);
  }

  /** A string-valued attribute; empty when absent. */
  public Optional<String> string(Attribute attribute) {
    return get(attribute, String.class);
  }

  /** The event time ({@code time} is mandatory in every event). */
  public Timestamp time() {
    return (Timestamp) attributes.get(Attribute.time);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Event other && type == other.type && attributes.equals(other.attributes);
  }

  @Override
  public int hashCode() {
    return type.hashCode() * 31 + attributes.hashCode();
  }

  @Override
  public String toString() {
    return type.name() + attributes;
  }

  /** Collects attributes and checks them against the catalog in {@link #build()}. */
  public static final class Builder {
    private final EventType type;
    private final EnumMap<Attribute, Object> values = new EnumMap<>(Attribute.class);
    private boolean built;

    private Builder(EventType type) {
      this.type = Objects.requireNonNull(type, "type");
    }

    /**
     * Sets {@code attribute} to {@code value}.
     *
     * @throws InvalidEventException if the type does not allow the attribute or the value has the
     *     wrong type
     */
    public Builder with(Attribute attribute, Object value) {
      requireNotBuilt();
      if (attribute == Attribute.id) {
        throw new InvalidEventException(type + ": the id attribute is the event type itself");
      }
      if (!type.allows(attribute)) {
        throw new InvalidEventException(type + " has no attribute " + attribute);
      }
      if (!attribute.accepts(value)) {
        throw new InvalidEventException(
            type
                + "."
                + attribute
                + " must be a "
                + attribute
                    .enumClass()
                    .map(Class::getSimpleName)
                    .orElse(attribute.type().javaType().getSimpleName())
                + ", was "
                + (value == null ? "null" : value.getClass().getSimpleName() + " " + value));
      }
      values.put(attribute, value);
      return this;
    }

    /** Sets {@code attribute} to {@code value} when the value is present. */
    public Builder withOptional(Attribute attribute, Optional<?> value) {
      value.ifPresent(v -> with(attribute, v));
      return this;
    }

    /** Sets {@code attribute} only if this event type allows it and the value is present. */
    public Builder withIfAllowed(Attribute attribute, Optional<?> value) {
      if (type.allows(attribute)) {
        value.ifPresent(v -> with(attribute, v));
      }
      return this;
    }

    /** Removes {@code attribute}. */
    public Builder without(Attribute attribute) {
      requireNotBuilt();
      values.remove(attribute);
      return this;
    }

    /** The value set so far for {@code attribute}. */
    public Optional<Object> peek(Attribute attribute) {
      return Optional.ofNullable(values.get(attribute));
    }

    /**
     * The event.
     *
     * @throws InvalidEventException naming the mandatory attributes that are missing
     */
    public Event build() {
      for (Attribute attribute : type.mandatoryGiven()) {
        if (!values.containsKey(attribute)) {
          List<Attribute> missing =
              Arrays.stream(type.mandatoryGiven()).filter(a -> !values.containsKey(a)).toList();
          throw new InvalidEventException(type + " lacks mandatory attribute(s) " + missing);
        }
      }
      // the event takes the builder's map, so the builder is spent: a copy would be pure garbage
      built = true;
      return new Event(type, values);
    }

    private void requireNotBuilt() {
      if (built) {
        throw new IllegalStateException(type + " was built already: take a new builder");
      }
    }
  }
}
