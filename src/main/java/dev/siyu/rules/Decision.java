package dev.siyu.rules;

/**
 * The one result a rule set produces. The first rule to decide wins (order rules by
 * salience); the evaluator records which rule it was, so "why this offer?" has an answer.
 */
public class Decision {

	private String value;

	private String rule;

	private String firing;

	public void decide(String value) {
		if (this.value == null) {
			this.value = value;
			this.rule = this.firing;
		}
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

	void firing(String ruleName) {
		this.firing = ruleName;
	}

}
