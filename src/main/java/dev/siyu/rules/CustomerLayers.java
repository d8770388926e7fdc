package dev.siyu.rules;

import java.util.Map;

/**
 * The layers other rule sets put the customer in, for rule sets that decide from layers
 * (offers): {@code CustomerLayers(heroTier == "CORE")},
 * {@code CustomerLayers(rfm == "重要挽留")}.
 */
public class CustomerLayers {

	private final Map<String, String> values;

	public CustomerLayers(Map<String, String> values) {
		this.values = Map.copyOf(values);
	}

	public String getRfm() {
		return this.values.getOrDefault("rfm", "");
	}

	public String getActivity() {
		return this.values.getOrDefault("activity", "");
	}

	public String getSpendTier() {
		return this.values.getOrDefault("spend-tier", "");
	}

	public String getHeroTier() {
		return this.values.getOrDefault("hero-tier", "");
	}

	public String getKoc() {
		return this.values.getOrDefault("koc", "");
	}

}
