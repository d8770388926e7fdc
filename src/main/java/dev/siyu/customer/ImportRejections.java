package dev.siyu.customer;

import java.util.ArrayList;
import java.util.List;

/**
 * The rows of an import that cannot be taken, each with its line and what to fix; the
 * first hundred are kept for the answer, all are counted.
 */
final class ImportRejections {

	static final int KEPT = 100;

	record Rejection(long line, String reason) {
	}

	private final List<Rejection> kept = new ArrayList<>();

	private long count;

	void reject(long line, String reason) {
		this.count++;
		if (this.kept.size() < KEPT) {
			this.kept.add(new Rejection(line, reason));
		}
	}

	boolean any() {
		return this.count > 0;
	}

	long count() {
		return this.count;
	}

	List<Rejection> kept() {
		return List.copyOf(this.kept);
	}

}
