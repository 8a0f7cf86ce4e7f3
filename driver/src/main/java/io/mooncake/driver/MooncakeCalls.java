package io.mooncake.driver;

import io.mooncake.engine.Engine;
import io.mooncake.engine.EngineException;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/** Runs mooncake's procedures ({@link MooncakeCall}) for a connection, on its database's engine. */
final class MooncakeCalls {

  private MooncakeCalls() {}

  /** How long a create_snapshot waits for another process's engine to commit. */
  private static final java.time.Duration SNAPSHOT_WAIT = java.time.Duration.ofMinutes(1);

  /** Runs {@code call} with {@code parameters} in place of its {@code ?}s (in order). */
  static void run(MooncakeConnection conn, MooncakeCall call, List<String> parameters)
      throws SQLException {
    BaseConnection pg = conn.delegate.unwrap(BaseConnection.class);
    if (pg.getTransactionState() != TransactionState.IDLE) {
      // The initial copy waits for running transactions, this one included.
      throw new SQLException(
          "mooncake." + call.procedure() + " cannot run inside a transaction block", "25001");
    }
    String[] args = new String[call.arguments().size()];
    int p = 0;
    for (int i = 0; i < args.length; i++) {
      String a = call.arguments().get(i);
      if (a == null) {
        if (p >= parameters.size() || parameters.get(p) == null) {
          throw SqlState.INVALID_PARAMETER_VALUE.exception(
              "mooncake." + call.procedure() + ": parameter " + (p + 1) + " is not set");
        }
        a = parameters.get(p++);
      }
      args[i] = a;
    }
    Engine engine;
    try {
      engine = EngineRegistry.get(conn);
    } catch (SQLException e) {
      if (!call.procedure().equals("create_snapshot") || !"55000".equals(e.getSQLState())) {
        throw e;
      }
      // The engine runs in another process: it is asked to commit, through the stream it reads.
      try {
        EngineRegistry.icebergReads(conn).createSnapshot(args[0], SNAPSHOT_WAIT);
      } catch (EngineException asked) {
        throw new SQLException(asked.getMessage(), asked.sqlState(), asked);
      }
      return;
    }
    try {
      switch (call.procedure()) {
        case "create_table":
          engine.createMirror(args[0], args[1]);
          break;
        case "drop_table":
          engine.dropMirror(args[0]);
          break;
        default:
          engine.createSnapshot(args[0]);
      }
    } catch (EngineException e) {
      throw new SQLException(e.getMessage(), e.sqlState(), e);
    }
  }
}
