package dev.siyu.audience;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Where an experiment puts a customer: a variant by weight and, apart from that, whether
 * she is held out. Both are hashes of experiment and customer, not dice, so the same
 * customer lands in the same variant in every launch of the experiment, after a retry and
 * on every node; the holdout uses a hash of its own, so it takes the same share of every
 * variant.
 */
final class Assignments {

	private static final long BUCKETS = 10_000;

	private Assignments() {
	}

	static String variant(String experiment, String customerId, List<LaunchPlan.Variant> variants) {
		if (variants.isEmpty()) {
			return null;
		}
		long total = variants.stream().mapToLong(LaunchPlan.Variant::weight).sum();
		long point = bucket(experiment + "|variant|" + customerId) * total / BUCKETS;
		for (LaunchPlan.Variant variant : variants) {
			if (point < variant.weight()) {
				return variant.name();
			}
			point -= variant.weight();
		}
		return variants.get(variants.size() - 1).name();
	}

	/** Held out with the probability {@code percent} / 100 (two decimals count). */
	static boolean holdout(String experiment, String customerId, double percent) {
		return percent > 0 && bucket(experiment + "|holdout|" + customerId) < Math.round(percent * BUCKETS / 100);
	}

	/** 0 … 9,999, evenly spread (the first eight bytes of SHA-256). */
	static long bucket(String key) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
			return Math.floorMod(ByteBuffer.wrap(digest).getLong(), BUCKETS);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
