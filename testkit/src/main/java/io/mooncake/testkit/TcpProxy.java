package io.mooncake.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on a loopback port in front of a local server (the embedded PostgreSQL), which a test
 * can cut as a network failure would: {@link #cut} resets the clients' connections, {@link
 * #blackhole} silently stops forwarding; either way the server's ends stay open, so the server goes
 * on believing in its sessions (their locks, their walsenders) until it is told otherwise. New
 * connections go through. Thread-safe.
 */
public final class TcpProxy implements AutoCloseable {

  private final int targetPort;
  private final ServerSocket listener;
  private final List<Link> links = new CopyOnWriteArrayList<>();
  private final List<Link> cutLinks = new CopyOnWriteArrayList<>();
  private volatile boolean open = true;

  private record Link(Socket client, Socket server) {}

  private TcpProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "tcp-proxy-" + targetPort);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A proxy to {@code targetPort} on the loopback address. */
  public static TcpProxy to(int targetPort) {
    try {
      return new TcpProxy(targetPort);
    } catch (IOException e) {
      throw new UncheckedIOException("could not open a proxy port", e);
    }
  }

  /** The port clients connect to. */
  public int port() {
    return listener.getLocalPort();
  }

  /**
   * Resets every client connection open now; the server's ends are neither closed nor read any
   * more, as when a network path dies without telling the server.
   */
  public void cut() {
    for (Link link : links) {
      links.remove(link);
      cutLinks.add(link);
      try {
        link.client().setSoLinger(true, 0);
        link.client().close();
      } catch (IOException e) {
        // Closed already.
      }
    }
  }

  /**
   * Stops forwarding on every connection open now, in both directions, and closes nothing: as when
   * a network path starts dropping every packet, neither end notices until it times out.
   */
  public void blackhole() {
    for (Link link : links) {
      links.remove(link);
      cutLinks.add(link);
    }
  }

  private void accept() {
    while (open) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        Link link = new Link(client, server);
        links.add(link);
        pump(link, client.getInputStream(), server.getOutputStream());
        pump(link, server.getInputStream(), client.getOutputStream());
      } catch (IOException e) {
        // The listener was closed, or the server refused: the client sees its connection end.
      }
    }
  }

  private void pump(Link link, InputStream in, OutputStream out) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[16_384];
              try {
                int n;
                while ((n = in.read(buffer)) >= 0 && !cutLinks.contains(link)) {
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // Cut or closed.
              }
              // An ordinary end is passed on; after a cut the server's end stays as it is.
              if (links.remove(link)) {
                closeQuietly(link.client());
                closeQuietly(link.server());
              }
            },
            "tcp-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(java.io.Closeable s) {
    try {
      s.close();
    } catch (IOException e) {
      // Nothing to do.
    }
  }

  /**
   * Stops accepting and closes both ends of cut connections; connections still open stay as they
   * are until their peers end them.
   */
  @Override
  public void close() {
    open = false;
    closeQuietly(listener);
    for (Link link : cutLinks) {
      closeQuietly(link.client());
      closeQuietly(link.server());
    }
  }
}
