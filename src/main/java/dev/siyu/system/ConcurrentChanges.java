package dev.siyu.system;

import java.sql.SQLException;
import java.util.Set;
import java.util.function.IntConsumer;

import org.camunda.bpm.engine.OptimisticLockingException;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Whether a failed transaction met another one and is worth running again: Camunda's
 * optimistic locking, Spring's translated lock and integrity failures, and the database's
 * deadlock, serialization and lock time-out errors that Camunda passes on wrapped in a
 * plain {@code ProcessEngineException} when they happen in its own statements.
 */
public final class ConcurrentChanges {

	/**
	 * Deadlock and serialization failure (SQL standard and PostgreSQL), lock not
	 * available (PostgreSQL), lock time-out (H2).
	 */
	private static final Set<String> SQL_STATES = Set.of("40001", "40P01", "55P03", "HYT00");

	private ConcurrentChanges() {
	}

	/**
	 * Runs the work in a transaction of its own, again (up to {@code attempts} times in
	 * all) when it met another one; {@code beforeNext} is told the attempt that failed
	 * before the next starts (to log, to wait).
	 */
	public static <T> T retried(TransactionTemplate transaction, int attempts, TransactionCallback<T> work,
			IntConsumer beforeNext) {
		for (int attempt = 1;; attempt++) {
			try {
				return transaction.execute(work);
			}
			catch (RuntimeException ex) {
				if (attempt == attempts || !met(ex)) {
					throw ex;
				}
				beforeNext.accept(attempt);
			}
		}
	}

	public static boolean met(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof OptimisticLockingException || cause instanceof ConcurrencyFailureException
					|| cause instanceof DataIntegrityViolationException) {
				return true;
			}
			if (cause instanceof SQLException sql) {
				for (SQLException next = sql; next != null; next = next.getNextException()) {
					if (next.getSQLState() != null && SQL_STATES.contains(next.getSQLState())) {
						return true;
					}
				}
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

}
