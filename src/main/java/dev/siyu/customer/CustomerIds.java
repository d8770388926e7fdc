package dev.siyu.customer;

/**
 * Customer ids are business keys in Camunda and appear in URLs: keep them to a safe
 * alphabet.
 */
public final class CustomerIds {

	public static final String PATTERN = "[A-Za-z0-9_.:@-]{1,64}";

	public static final String RULE = "must be 1 to 64 letters, digits or _ . : @ -";

	private CustomerIds() {
	}

}
