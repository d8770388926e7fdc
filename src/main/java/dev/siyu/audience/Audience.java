package dev.siyu.audience;

import java.util.List;

/**
 * Who a launch reaches: the customers whose stored layer of {@code ruleSet} (from the
 * last bulk layering) is one of {@code layers} (all layers when empty), and who carry
 * {@code tag} if given.
 */
public record Audience(String ruleSet, List<String> layers, String tag) {

	public Audience {
		layers = (layers != null) ? List.copyOf(layers) : List.of();
	}

}
