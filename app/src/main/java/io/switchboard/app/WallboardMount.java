package io.switchboard.app;

import io.switchboard.server.Mount;
import io.switchboard.server.Viewer;
import io.switchboard.wallboard.Access;
import io.switchboard.wallboard.Wallboard;
import io.switchboard.wallboard.WallboardSettings;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The wallboard inside the service: its statistics read the service's topics like any consumer, and
 * its page is served at {@code /} by the API's server, where a tenant's key sees its tenant only.
 */
final class WallboardMount implements Service.Beside {
  private final Wallboard wallboard;

  private WallboardMount(Wallboard wallboard) {
    this.wallboard = wallboard;
  }

  static WallboardMount start(WallboardSettings settings) {
    return new WallboardMount(Wallboard.start(settings));
  }

  @Override
  public Mount mount() {
    return new Mount() {
      @Override
      public boolean serves(String path) {
        return wallboard.handler().serves(path);
      }

      @Override
      public void handle(Request request, Response response, Callback callback, Viewer viewer) {
        wallboard.handler().handle(request, response, callback, access(viewer));
      }
    };
  }

  static Access access(Viewer viewer) {
    return new Access() {
      @Override
      public boolean identified() {
        return viewer.identified();
      }

      @Override
      public boolean mayRead(String tenant) {
        return viewer.mayRead(tenant);
      }
    };
  }

  @Override
  public String status() {
    return wallboard.status();
  }

  @Override
  public void close() {
    wallboard.close();
  }
}
