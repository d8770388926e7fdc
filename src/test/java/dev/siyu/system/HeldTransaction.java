package dev.siyu.system;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * Another node's transaction, as a test stages it: it writes on a thread of its own and
 * keeps what it wrote uncommitted, its rows locked, until the test commits it.
 */
public final class HeldTransaction implements AutoCloseable {

	private final CountDownLatch commit = new CountDownLatch(1);

	private final ExecutorService thread = Executors.newSingleThreadExecutor();

	private final Future<?> done;

	private HeldTransaction(TransactionTemplate transaction, Runnable write) throws InterruptedException {
		CountDownLatch written = new CountDownLatch(1);
		this.done = this.thread.submit(() -> transaction.executeWithoutResult((status) -> {
			try {
				write.run();
			}
			finally {
				written.countDown();
			}
			try {
				this.commit.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				status.setRollbackOnly();
			}
		}));
		if (!written.await(20, TimeUnit.SECONDS)) {
			throw new IllegalStateException("The held transaction did not write within 20 s");
		}
		if (this.done.isDone()) {
			// its write failed: say why
			try {
				this.done.get();
			}
			catch (java.util.concurrent.ExecutionException ex) {
				throw new IllegalStateException("The held transaction's write failed", ex.getCause());
			}
		}
	}

	/** Starts the transaction and returns once it has written. */
	public static HeldTransaction writing(TransactionTemplate transaction, Runnable write) throws InterruptedException {
		return new HeldTransaction(transaction, write);
	}

	/** Commits it and waits until it has. */
	public void commit() throws Exception {
		this.commit.countDown();
		this.done.get(20, TimeUnit.SECONDS);
	}

	@Override
	public void close() throws Exception {
		try {
			commit();
		}
		finally {
			this.thread.shutdownNow();
		}
	}

}
