package io.switchboard.kafka;

import io.switchboard.json.EventSchemas;
import io.switchboard.model.EventType;
import io.switchboard.verify.SwitchboardRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Headers;

/**
 * The CloudEvents 1.0 attributes of a record, in the Kafka protocol binding's binary mode: one
 * {@code ce_} header per attribute and {@code content-type} for the value, which stays the Genesys
 * event untouched. {@link EventRecords} adds them to every record it builds with an event id.
 *
 * <ul>
 *   <li>{@value #SPECVERSION}: {@code 1.0};
 *   <li>{@value #ID}: the event id (the same as {@link SwitchboardRecord#EVENT_ID_HEADER});
 *   <li>{@value #SOURCE}: {@code /switchboard/tenants/{tenant_id}};
 *   <li>{@value #TYPE}: the Genesys event name in the {@value #TYPE_PREFIX} namespace, e.g. {@code
 *       io.switchboard.voice.EventRinging};
 *   <li>{@value #TIME}: the record timestamp (the event's {@code time}) in RFC 3339, UTC;
 *   <li>{@value #SUBJECT}: the record key without its tenant: the agent, DN or call thread;
 *   <li>{@value #DATASCHEMA}: the id of the event type's JSON Schema ({@link EventSchemas#id});
 *   <li>{@value #CONTENT_TYPE}: {@code application/json}.
 * </ul>
 */
public final class CloudEventHeaders {

  public static final String SPECVERSION = "ce_specversion";
  public static final String ID = "ce_id";
  public static final String SOURCE = "ce_source";
  public static final String TYPE = "ce_type";
  public static final String TIME = "ce_time";
  public static final String SUBJECT = "ce_subject";
  public static final String DATASCHEMA = "ce_dataschema";
  public static final String CONTENT_TYPE = "content-type";

  /** The namespace of every {@code ce_type}: the type of EventRinging is this + EventRinging. */
  public static final String TYPE_PREFIX = "io.switchboard.voice.";

  /** The prefix of every {@code ce_source}: the source of tenant acme's events is this + acme. */
  public static final String SOURCE_PREFIX = "/switchboard/tenants/";

  private static final byte[] SPECVERSION_1_0 = ascii("1.0");
  private static final byte[] APPLICATION_JSON = ascii("application/json");
  private static final byte[][] TYPES = perType(t -> TYPE_PREFIX + t.name());
  private static final byte[][] SCHEMAS = perType(EventSchemas::id);
  private static final Map<String, EventType> BY_NAME =
      Arrays.stream(EventType.values())
          .collect(Collectors.toUnmodifiableMap(EventType::name, t -> t));
  private static final byte[] ID_PREFIX = ascii("{\"id\":\"");

  private final Map<String, byte[]> sources = new ConcurrentHashMap<>();

  /**
   * Adds the CloudEvents headers of an event of {@code type} with record key {@code key} ({@code
   * {tenant_id}:...}), timestamp {@code timestamp} and id {@code eventId} to {@code headers}.
   */
  void add(Headers headers, EventType type, String key, long timestamp, String eventId) {
    int colon = key.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException(
          "a record key is {tenant_id}:{...}; '" + key + "' has no tenant");
    }
    String tenant = key.substring(0, colon);
    headers.add(SPECVERSION, SPECVERSION_1_0);
    headers.add(ID, eventId.getBytes(StandardCharsets.UTF_8));
    headers.add(
        SOURCE,
        sources.computeIfAbsent(tenant, t -> (SOURCE_PREFIX + t).getBytes(StandardCharsets.UTF_8)));
    headers.add(TYPE, TYPES[type.ordinal()]);
    headers.add(TIME, ascii(DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(timestamp))));
    headers.add(SUBJECT, key.substring(colon + 1).getBytes(StandardCharsets.UTF_8));
    headers.add(DATASCHEMA, SCHEMAS[type.ordinal()]);
    headers.add(CONTENT_TYPE, APPLICATION_JSON);
  }

  /**
   * The type of the event whose JSON is {@code value}, as {@link io.switchboard.json.EventJson}
   * writes it: {@code id}, the event name, first.
   *
   * @throws IllegalArgumentException if the value does not start with a known event's {@code id}
   */
  static EventType typeOf(byte[] value) {
    if (value.length > ID_PREFIX.length
        && Arrays.equals(value, 0, ID_PREFIX.length, ID_PREFIX, 0, ID_PREFIX.length)) {
      for (int i = ID_PREFIX.length; i < value.length; i++) {
        if (value[i] == '"') {
          EventType type =
              BY_NAME.get(
                  new String(
                      value, ID_PREFIX.length, i - ID_PREFIX.length, StandardCharsets.UTF_8));
          if (type != null) {
            return type;
          }
          break;
        }
      }
    }
    throw new IllegalArgumentException(
        "a journaled value must be an event written by EventJson, {\"id\":\"Event...\",...}; was "
            + new String(value, 0, Math.min(value.length, 40), StandardCharsets.UTF_8));
  }

  private static byte[][] perType(java.util.function.Function<EventType, String> text) {
    return Arrays.stream(EventType.values())
        .map(t -> text.apply(t).getBytes(StandardCharsets.UTF_8))
        .toArray(byte[][]::new);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
