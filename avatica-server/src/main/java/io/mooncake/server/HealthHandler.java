package io.mooncake.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.apache.calcite.avatica.remote.Service;
import org.apache.calcite.avatica.server.AvaticaJsonHandler;
import org.apache.calcite.avatica.server.AvaticaProtobufHandler;
import org.eclipse.jetty.server.Request;

/**
 * Avatica's handlers plus {@code GET /health}: a JSON answer saying the server is up and which
 * mooncake it runs, for load balancers and operators. Every other request is Avatica's.
 */
final class HealthHandler {

  private HealthHandler() {}

  static String body(String version) {
    return "{\"status\":\"ok\",\"server\":\"mooncake\",\"version\":\"" + version + "\"}";
  }

  static boolean answer(String target, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!"GET".equals(request.getMethod()) || !"/health".equals(target)) {
      return false;
    }
    byte[] bytes =
        body(io.mooncake.driver.MooncakeDriver.version()).getBytes(StandardCharsets.UTF_8);
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType("application/json");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
    return true;
  }

  /** Avatica over protobuf, the default serialization. */
  static final class Protobuf extends AvaticaProtobufHandler {
    Protobuf(Service service) {
      super(service);
    }

    @Override
    public void handle(
        String target, Request base, HttpServletRequest request, HttpServletResponse response)
        throws IOException, ServletException {
      if (answer(target, request, response)) {
        base.setHandled(true);
      } else {
        super.handle(target, base, request, response);
      }
    }
  }

  /** Avatica over JSON. */
  static final class Json extends AvaticaJsonHandler {
    Json(Service service) {
      super(service);
    }

    @Override
    public void handle(
        String target, Request base, HttpServletRequest request, HttpServletResponse response)
        throws IOException, ServletException {
      if (answer(target, request, response)) {
        base.setHandled(true);
      } else {
        super.handle(target, base, request, response);
      }
    }
  }
}
