package dev.siyu.customer;

import dev.siyu.system.SqlDialect;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One transaction for a whole import, all or nothing. On PostgreSQL its point lookups
 * ("which of these thousand ids exist?") are kept on their indexes: the planner's
 * statistics still describe the tables as they were before the import, so when a first
 * import fills an empty table, it would scan the growing table once per batch (measured:
 * a million customers did not finish in five minutes).
 */
@Component
class BulkTransaction {

	private final TransactionTemplate transaction;

	private final JdbcClient jdbc;

	private final SqlDialect dialect;

	BulkTransaction(TransactionTemplate transaction, JdbcClient jdbc, SqlDialect dialect) {
		this.transaction = transaction;
		this.jdbc = jdbc;
		this.dialect = dialect;
	}

	void run(Runnable work) {
		this.transaction.executeWithoutResult((status) -> {
			if (this.dialect.postgres()) {
				this.jdbc.sql("set local enable_seqscan = off").update();
			}
			work.run();
		});
	}

}
