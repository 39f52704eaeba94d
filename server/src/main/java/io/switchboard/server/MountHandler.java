package io.switchboard.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Serves the {@link Mount}s on their paths, with the viewer the request's key stands for, and
 * everything else through the API. A key that is given must be valid (401 otherwise); a request
 * without one is served as nobody, except on an API without keys, where it is an admin.
 */
final class MountHandler extends Handler.Wrapper {
  private final List<Mount> mounts;
  private final Keys keys;
  private final RateLimiter limiter;

  MountHandler(List<Mount> mounts, Keys keys, RateLimiter limiter, Handler api) {
    super(api);
    this.mounts = List.copyOf(mounts);
    this.keys = keys;
    this.limiter = limiter;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = request.getHttpURI().getDecodedPath();
    for (Mount mount : mounts) {
      if (mount.serves(path)) {
        Viewer viewer;
        try {
          viewer = viewer(request);
        } catch (ApiError e) {
          String body = Bodies.text(Bodies.error(e.status, e.getMessage())) + "\n";
          response.setStatus(e.status);
          response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
          response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
          return true;
        }
        mount.handle(request, response, callback, viewer);
        return true;
      }
    }
    return super.handle(request, response, callback);
  }

  private Viewer viewer(Request request) {
    Optional<String> key = Endpoints.presentedKey(request, false);
    String remote = Request.getRemoteAddr(request);
    if (key.isEmpty() && !keys.open()) {
      return Viewer.NOBODY;
    }
    Principal principal;
    try {
      principal = keys.authenticate(key, remote);
    } catch (ApiError e) {
      limiter.acquire("address-" + remote);
      throw e;
    }
    limiter.acquire(principal.client());
    return Viewer.of(principal);
  }
}
