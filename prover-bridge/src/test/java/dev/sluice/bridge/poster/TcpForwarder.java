package dev.sluice.bridge.poster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A fixed loopback port that forwards connections to a target port that can change: the poster
 * keeps one L1 URL while the Anvil behind it is stopped and started again on another port. While
 * the target is down, connections are accepted and closed at once, as a dead endpoint behaves.
 */
final class TcpForwarder implements AutoCloseable {
  private final ServerSocket server;
  private volatile int targetPort;

  TcpForwarder(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "forwarder-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** Points new connections at {@code port}; -1 refuses them. */
  void target(int port) {
    this.targetPort = port;
  }

  private void accept() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException closed) {
        return;
      }
      int port = targetPort;
      Socket upstream = new Socket();
      try {
        if (port < 0) {
          throw new IOException("no target");
        }
        upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
      } catch (IOException down) {
        closeQuietly(client);
        closeQuietly(upstream);
        continue;
      }
      pipe(client, upstream);
      pipe(upstream, client);
    }
  }

  private static void pipe(Socket from, Socket to) {
    Thread thread =
        new Thread(
            () -> {
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
              } catch (IOException ignored) {
                // Either side closed.
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "forwarder-pipe");
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // Closing anyway.
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
