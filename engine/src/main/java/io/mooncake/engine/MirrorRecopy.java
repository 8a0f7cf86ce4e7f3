package io.mooncake.engine;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A mirror copied again from a new snapshot of its source, because the source changed in a way
 * PostgreSQL does not log as row changes: a column's type changed, a column was added with a
 * volatile default (both rewrite the table), the columns of a table without a key changed, or the
 * columns changed while no engine ran. Meanwhile the mirror cannot be read (queries run on its
 * source, with the warning) and the source's changes are held; the copy is then handed over to the
 * stream as a new mirror's is ({@link MirrorCopy}).
 *
 * <p>The catalog says {@code copying} (with the reason) until the copy is installed, so that an
 * engine that stops or dies meanwhile copies again at its next start; so is a mirror whose creation
 * died during its initial copy. A copy that fails leaves the mirror failed, with the reason.
 */
final class MirrorRecopy {

  private final Engine engine;
  private final MirrorCatalog.Entry entry;
  private final String why;
  private final Engine.MirrorInfo was;
  private volatile String failure;

  /**
   * A re-copy of {@code entry}'s mirror because of {@code why}; {@code was} describes the mirror to
   * readers meanwhile (its schema may be null after a restart).
   */
  MirrorRecopy(Engine engine, MirrorCatalog.Entry entry, String why, Engine.MirrorInfo was) {
    this.engine = engine;
    this.entry = entry;
    this.why = why;
    this.was = was;
  }

  MirrorCatalog.Entry entry() {
    return entry;
  }

  /** What readers see of the mirror: not readable, and why. */
  Engine.MirrorInfo info() {
    String f = failure;
    return new Engine.MirrorInfo(
        was.name(),
        was.source(),
        was.sourceOid(),
        was.duckDbView(),
        f != null ? f : "it is being copied again from its source, because " + why,
        was.schema());
  }

  /** Copies on a new thread. */
  void start() {
    Thread t = new Thread(this::run, "mooncake-recopy-" + entry.mirror());
    t.setDaemon(true);
    t.start();
  }

  private void run() {
    int oid = (int) entry.sourceOid();
    try {
      MirrorCopy.again(engine, entry, this);
    } catch (RuntimeException e) {
      String message = "copying it again failed: " + e.getMessage();
      try {
        boolean sourceGone;
        try (Connection c = engine.connect()) {
          sourceGone = SourceTable.names(c, List.of(entry.sourceOid())).isEmpty();
        }
        boolean ours =
            engine.onApplyThread(
                () -> {
                  if (engine.recopies().get(oid) != this) {
                    return false;
                  }
                  engine.copying().remove(oid);
                  if (sourceGone) {
                    engine.recopies().remove(oid);
                  } else {
                    failure = message;
                  }
                  engine.refreshReadable();
                  return true;
                });
        if (ours && sourceGone) {
          engine.removeEverywhere(entry); // a dropped source drops its mirror
        } else if (ours) {
          try (Connection c = engine.connect()) {
            new MirrorCatalog(c).setState(entry.mirror(), "failed", message);
          }
        }
      } catch (RuntimeException | SQLException stopped) {
        // The engine stopped meanwhile: the catalog still says copying, the next start copies.
      }
    }
  }
}
