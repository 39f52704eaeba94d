package io.switchboard.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * An answer: its HTTP status (also given on WebSocket answers), its JSON body, and the headers it
 * needs beside the usual ones (Retry-After...).
 */
record Reply(int status, ObjectNode body, Map<String, String> headers) {
  Reply {
    headers = Map.copyOf(headers);
  }

  Reply(int status, ObjectNode body) {
    this(status, body, Map.of());
  }
}
