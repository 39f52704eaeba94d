package io.switchboard.model;

/** The Java type an attribute value has in an {@link Event}, and so its JSON shape on the wire. */
public enum ValueType {
  /** {@link String}: a JSON string. */
  STRING(String.class),
  /** {@link Long}: a JSON integer. */
  INTEGER(Long.class),
  /** An enum constant of the attribute's enum class: a JSON string with the constant's name. */
  ENUM(Enum.class),
  /** {@link KVList}: a JSON object. */
  KV_LIST(KVList.class),
  /** {@link ConnId}: a JSON string {@code <16 hex digits>@<site>}. */
  CONN_ID(ConnId.class),
  /** {@link Timestamp}: a JSON object {@code {"seconds": s, "useconds": us}}. */
  TIMESTAMP(Timestamp.class),
  /** {@link EventType}: the event name as a JSON string (only the {@code id} attribute). */
  EVENT_NAME(EventType.class);

  private final Class<?> javaType;

  ValueType(Class<?> javaType) {
    this.javaType = javaType;
  }

  /** The Java class (or, for {@link #ENUM}, the common superclass) of values of this type. */
  public Class<?> javaType() {
    return javaType;
  }
}
