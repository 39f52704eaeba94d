package io.switchboard.app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Fixed ports checked before anything starts, so that one taken says so in one line. */
final class Ports {
  private Ports() {}

  /**
   * Checks that {@code address} can be bound; a port of 0 (any free port) always can.
   *
   * @param what what the port is for, e.g. "the HTTP port"
   * @param option the option that changes it, e.g. "--http-port"
   * @throws UserError naming the port and the option when it is taken
   */
  static void requireFree(InetSocketAddress address, String what, String option) {
    if (address.getPort() == 0) {
      return;
    }
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(address);
    } catch (IOException e) {
      throw new UserError(
          what
              + " "
              + address.getHostString()
              + ":"
              + address.getPort()
              + " is in use (another program, or a switchboard already running?): stop it, or"
              + " choose another port with "
              + option
              + " ("
              + option
              + " 0 picks a free one)");
    }
  }
}
