-- known defect: the jsonb ? operator in a plain Statement: PgJDBC sends it as is, the planner reads ? as a JDBC placeholder, and the driver fails with ArrayIndexOutOfBoundsException (MirrorExecution.route: parameters.get(p - 1) with no parameters) instead of running it or falling back
SELECT id FROM documents WHERE jb ? 'a' ORDER BY id
