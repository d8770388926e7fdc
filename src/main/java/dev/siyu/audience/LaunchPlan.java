package dev.siyu.audience;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What to launch: a journey for a saved segment (its latest version, or the one named) or
 * for an audience defined in place, optionally as an experiment with weighted variants
 * and a holdout, paced, and from a time on.
 *
 * @param experiment what variants and holdout are drawn for: the same customer lands in
 * the same variant in every launch of one experiment (default: the journey and the
 * segment)
 * @param holdoutPercent the share of the audience enrolled but sent nothing, to measure
 * the journey's lift against
 * @param ratePerMinute customers taken per minute at most (all at once when absent)
 * @param startAt when to begin (at once when absent or past)
 */
public record LaunchPlan(String journey, String segment, Integer segmentVersion, JsonNode audience, String experiment,
		List<Variant> variants, Double holdoutPercent, Integer ratePerMinute, OffsetDateTime startAt) {

	public LaunchPlan {
		variants = (variants != null) ? List.copyOf(variants) : List.of();
	}

	/** A variant and its weight (positive whole numbers; they need not sum to 100). */
	public record Variant(String name, int weight) {
	}

	static LaunchPlan of(String journey, JsonNode audience) {
		return new LaunchPlan(journey, null, null, audience, null, List.of(), null, null, null);
	}

	static LaunchPlan ofSegment(String journey, String segment) {
		return new LaunchPlan(journey, segment, null, null, null, List.of(), null, null, null);
	}

}
