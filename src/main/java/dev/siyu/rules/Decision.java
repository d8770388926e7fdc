package dev.siyu.rules;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What a rule set concludes: one value (the first rule to decide wins, so order rules by
 * salience or by row) and any number of tags. The evaluator records which rule decided,
 * so "why is this customer CORE?" has an answer.
 */
public class Decision {

	private String value;

	private String rule;

	private String firing;

	private final Set<String> tags = new LinkedHashSet<>();

	public void decide(String value) {
		if (this.value == null) {
			this.value = value;
			this.rule = this.firing;
		}
	}

	/**
	 * Decides, and tags the decision, when no rule decided before: a rule that fires
	 * after another decided (its match was made before) adds no tag either.
	 */
	public void decide(String value, String tag) {
		if (this.value == null) {
			decide(value);
			this.tags.add(tag);
		}
	}

	public void tag(String tag) {
		this.tags.add(tag);
	}

	public boolean isDecided() {
		return this.value != null;
	}

	public String getValue() {
		return this.value;
	}

	public String getRule() {
		return this.rule;
	}

	public Set<String> getTags() {
		return this.tags;
	}

	void firing(String ruleName) {
		this.firing = ruleName;
	}

}
