package io.switchboard.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.json.Json;
import io.switchboard.kafka.ConsumedRecord;

/**
 * One Kafka record as one line of JSON, as {@code switchboard scenario} and {@code switchboard
 * tail} print it: {@code {"topic", "partition", "offset", "key", "headers", "timestamp", "value"}}
 * where {@code value} is the event exactly as it is on Kafka.
 */
final class RecordLines {
  private static final ObjectMapper MAPPER = Json.mapper();

  private RecordLines() {}

  static String line(ConsumedRecord record) {
    ObjectNode line = MAPPER.createObjectNode();
    line.put("topic", record.topic());
    line.put("partition", record.partition());
    line.put("offset", record.offset());
    line.put("key", record.key());
    ObjectNode headers = line.putObject("headers");
    record.headers().forEach(headers::put);
    line.put("timestamp", record.timestamp());
    line.set("value", value(record.value()));
    try {
      return MAPPER.writeValueAsString(line);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode value(byte[] bytes) {
    try {
      return MAPPER.readTree(bytes);
    } catch (java.io.IOException e) {
      // not a Switchboard record: show it as text rather than failing the whole listing
      return MAPPER
          .getNodeFactory()
          .textNode(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
    }
  }
}
