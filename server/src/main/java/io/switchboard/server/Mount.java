package io.switchboard.server;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Something the wiring serves beside the API on the same address (the wallboard at {@code /}): the
 * API authenticates the request's key as for its own routes and says who is asking ({@link
 * Viewer}); the mount decides what that viewer may see. The API's own routes come first.
 */
public interface Mount {
  /** Whether {@code path} is this mount's. */
  boolean serves(String path);

  /** Serves the request, completing {@code callback} when done. */
  void handle(Request request, Response response, Callback callback, Viewer viewer);
}
