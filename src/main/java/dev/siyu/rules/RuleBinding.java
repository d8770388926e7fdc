package dev.siyu.rules;

import java.util.Locale;

/**
 * Which version of a rule set a business-rule task uses, as Camunda binds DMN decisions.
 */
public enum RuleBinding {

	/** The newest deployment that holds the rule set. */
	LATEST,
	/** The rule set deployed together with the calling journey. */
	DEPLOYMENT,
	/** A fixed version: the n-th deployment that held the rule set. */
	VERSION;

	public static RuleBinding parse(String value) {
		if (value == null || value.isBlank()) {
			return LATEST;
		}
		try {
			return valueOf(value.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					"Unknown rule binding '" + value + "': use latest, deployment or version");
		}
	}

}
