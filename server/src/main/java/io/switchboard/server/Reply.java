package io.switchboard.server;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** An answer: its HTTP status (also given on WebSocket answers) and its JSON body. */
record Reply(int status, ObjectNode body) {}
