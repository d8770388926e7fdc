package dev.siyu.referral;

import java.security.SecureRandom;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.springframework.dao.DuplicateKeyException;

/**
 * Short codes people type or scan: letters and digits that cannot be mistaken for one
 * another (no 0/O, 1/I/L), drawn at random.
 */
final class Codes {

	private static final char[] ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ".toCharArray();

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final int ATTEMPTS = 5;

	private Codes() {
	}

	/**
	 * The code already issued, or a new one of {@code length} inserted now; a new code
	 * that meets a unique key (the same code drawn, or another request inserting first)
	 * is tried again a few times. In a PostgreSQL transaction the first such conflict
	 * aborts the transaction: the caller's retry (a job's) starts over.
	 */
	static String issued(int length, Supplier<Optional<String>> existing, Consumer<String> insert) {
		for (int attempt = 1;; attempt++) {
			Optional<String> issued = existing.get();
			if (issued.isPresent()) {
				return issued.get();
			}
			String code = random(length);
			try {
				insert.accept(code);
				return code;
			}
			catch (DuplicateKeyException ex) {
				if (attempt == ATTEMPTS) {
					throw ex;
				}
			}
		}
	}

	static String random(int length) {
		char[] code = new char[length];
		for (int i = 0; i < length; i++) {
			code[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
		}
		return new String(code);
	}

}
