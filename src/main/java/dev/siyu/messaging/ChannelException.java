package dev.siyu.messaging;

import java.time.Duration;

/**
 * A vendor did not take a message, classified so the dispatcher knows what to do: try
 * again later without counting it against the message ({@link Kind#THROTTLED}), retry
 * with back-off ({@link Kind#TRANSIENT}: 5xx, time-outs), or give up and tell the journey
 * the customer is unreachable on this channel ({@link Kind#PERMANENT}: invalid number,
 * refused, not following).
 */
public class ChannelException extends RuntimeException {

	public enum Kind {

		THROTTLED, TRANSIENT, PERMANENT

	}

	private final Kind kind;

	private final String vendorCode;

	private final Duration retryAfter;

	public ChannelException(Kind kind, String vendorCode, String message, Duration retryAfter, Throwable cause) {
		super(message, cause);
		this.kind = kind;
		this.vendorCode = vendorCode;
		this.retryAfter = retryAfter;
	}

	public static ChannelException throttled(String vendorCode, String message, Duration retryAfter) {
		return new ChannelException(Kind.THROTTLED, vendorCode, message, retryAfter, null);
	}

	public static ChannelException transientFailure(String vendorCode, String message, Throwable cause) {
		return new ChannelException(Kind.TRANSIENT, vendorCode, message, null, cause);
	}

	public static ChannelException permanent(String vendorCode, String message) {
		return new ChannelException(Kind.PERMANENT, vendorCode, message, null, null);
	}

	public Kind kind() {
		return this.kind;
	}

	public String vendorCode() {
		return this.vendorCode;
	}

	/** How long the vendor asked us to wait, if it said; {@code null} otherwise. */
	public Duration retryAfter() {
		return this.retryAfter;
	}

}
