package dev.siyu.messaging.wecom;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import dev.siyu.messaging.VendorTokens;
import me.chanjar.weixin.common.error.WxRuntimeException;

/**
 * The lock WxJava takes before it fetches a token, held across nodes as the lease on the
 * token's row. Threads of this node queue on a local lock first, so only one of them asks
 * the database. A waiter whose token another node has meanwhile renewed stops waiting
 * without the lease: WxJava looks again once it has the lock and uses the new token.
 */
class TokenLease implements Lock {

	private static final long POLL_MILLIS = 100;

	private final ReentrantLock local = new ReentrantLock();

	private final VendorTokens tokens;

	private final String key;

	private final Duration lease;

	private final Duration margin;

	/** Guarded by {@link #local}. */
	private boolean leased;

	TokenLease(VendorTokens tokens, String key, Duration lease, Duration margin) {
		this.tokens = tokens;
		this.key = key;
		this.lease = lease;
		this.margin = margin;
	}

	@Override
	public void lock() {
		this.local.lock();
		try {
			Instant giveUp = Instant.now().plus(this.lease).plusSeconds(5);
			while (!this.tokens.tryLease(this.key, this.lease)) {
				if (this.tokens.get(this.key).filter((token) -> token.validFor(this.margin)).isPresent()) {
					this.leased = false;
					return;
				}
				if (Instant.now().isAfter(giveUp)) {
					throw new WxRuntimeException("The lease on WeCom token " + this.key + " is held too long");
				}
				pause();
			}
			this.leased = true;
		}
		catch (RuntimeException ex) {
			this.local.unlock();
			throw ex;
		}
	}

	@Override
	public void unlock() {
		try {
			if (this.leased) {
				this.leased = false;
				this.tokens.release(this.key);
			}
		}
		finally {
			this.local.unlock();
		}
	}

	@Override
	public void lockInterruptibly() {
		lock();
	}

	@Override
	public boolean tryLock() {
		if (!this.local.tryLock()) {
			return false;
		}
		if (this.tokens.tryLease(this.key, this.lease)) {
			this.leased = true;
			return true;
		}
		this.local.unlock();
		return false;
	}

	@Override
	public boolean tryLock(long time, TimeUnit unit) {
		return tryLock();
	}

	@Override
	public Condition newCondition() {
		throw new UnsupportedOperationException("A token lease has no conditions");
	}

	private static void pause() {
		try {
			TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new WxRuntimeException("Interrupted while waiting for the WeCom token", ex);
		}
	}

}
