package dev.siyu.messaging.wechat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

import dev.siyu.messaging.VendorTokens;
import me.chanjar.weixin.common.error.WxRuntimeException;

/**
 * WxJava's access-token lock, held as a lease on the token's row so that one thread of
 * one node refreshes the token at a time. Whoever does not get the lease waits briefly
 * and lets WxJava read the token again: by then the holder has usually stored a fresh
 * one.
 */
final class TokenLease implements Lock {

	/** Longer than a token fetch may take (WxJava's HTTP time-outs are 5 s). */
	static final Duration LEASE = Duration.ofSeconds(15);

	private static final long POLL_MILLIS = 50;

	private final VendorTokens tokens;

	private final String key;

	TokenLease(VendorTokens tokens, String key) {
		this.tokens = tokens;
		this.key = key;
	}

	/**
	 * Declines when a valid token turned up while waiting: WxJava fetches a new token
	 * right after it gets the lock without looking again, and a second fetch would
	 * invalidate the token the first one stored.
	 */
	@Override
	public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
		long deadline = System.nanoTime() + unit.toNanos(time);
		boolean waited = false;
		while (true) {
			if (this.tokens.tryLease(this.key, LEASE)) {
				if (waited && this.tokens.get(this.key).filter(SharedTokenConfig::usable).isPresent()) {
					this.tokens.release(this.key);
					return false;
				}
				return true;
			}
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return false;
			}
			waited = true;
			TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS)));
		}
	}

	@Override
	public boolean tryLock() {
		return this.tokens.tryLease(this.key, LEASE);
	}

	@Override
	public void lockInterruptibly() throws InterruptedException {
		long deadline = System.nanoTime() + LEASE.toNanos();
		while (!tryLock()) {
			if (System.nanoTime() > deadline) {
				throw new WxRuntimeException("Access token lease " + this.key + " not released within " + LEASE);
			}
			TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
		}
	}

	@Override
	public void lock() {
		try {
			lockInterruptibly();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new WxRuntimeException(ex);
		}
	}

	@Override
	public void unlock() {
		this.tokens.release(this.key);
	}

	@Override
	public Condition newCondition() {
		throw new UnsupportedOperationException("A token lease has no conditions");
	}

}
